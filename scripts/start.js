// `npm start`: runs the bundled bot (dist/main.js), bundling it first when something it is built from is newer.
//
// The image runs the same bundle (`npm run build`, which also checks types); here the check is a few file dates
// and the bundle is made only after an edit, a pull or an install (about 1.5 s, types not checked). The bot is
// imported in this process, so the V8 flags given to node apply to it and signals reach it directly.
import { pathToFileURL } from 'node:url';
import { BUNDLE_MAIN, buildBundle, isBundleStale } from './build.js';

if (isBundleStale()) {
  const ms = await buildBundle();
  // Said only at a terminal: piped output keeps the bot's own lines alone (an operator error is one line).
  if (process.stderr.isTTY) console.error(`Bundled src/ into dist/ in ${ms} ms.`);
}
await import(pathToFileURL(BUNDLE_MAIN).href);
