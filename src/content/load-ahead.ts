import { Worker } from 'node:worker_threads';
import { bundleEntryUrl, RUNS_BUNDLED } from '../project-files.js';
import type { LoadResult } from './load.js';

/**
 * `loadContent` in a worker thread. Reading the decks is CPU work (YAML parsing, most of it the parser's first,
 * not yet optimized run); begun before the bot's modules load, it runs on another core while they do, and is done
 * by the time the bot needs the decks. Its garbage stays in the worker's heap, freed when the worker ends. The
 * result is the plain data `loadContent` returns. Run from the TypeScript sources (tsx: the worker would not
 * have its loader), or where no worker can start, the decks are read in this thread instead.
 */
export function loadContentAhead(dir: string): Promise<LoadResult> {
  // load.js (YAML, zod) is imported by the worker, not here: this module loads before the bot's modules.
  const inThread = async () => (await import('./load.js')).loadContent(dir);
  if (!RUNS_BUNDLED) return inThread();
  return new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(bundleEntryUrl('load-worker'), { workerData: { dir } });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the deck worker ended (${code}) without a result`)));
  }).catch(inThread);
}
