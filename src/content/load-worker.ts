// The worker thread's side of `loadContentAhead`: reads and checks the decks, posts the result, ends.
import { parentPort, workerData } from 'node:worker_threads';
import { loadContent } from './load.js';

const { dir } = workerData as { dir: string };
parentPort?.postMessage(await loadContent(dir));
