// `npm start`: runs the compiled bot (dist/), compiling src/ first when a source file is newer than its output.
//
// Compiling TypeScript at every start (tsx) cost about half a second more than running JavaScript. The project
// compiles file by file (isolatedModules, verbatimModuleSyntax), so esbuild's per-file transpile gives the same
// dist/ layout as `npm run build` (tsc, which the image uses and which also checks types) in a fraction of a
// second, and only when something changed. The bot is imported in this process, so the V8 flags given to node
// apply to it and signals reach it directly.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

/** @param {string} dir @returns {string[]} the TypeScript files under `dir` that compile to JavaScript */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** @param {string} file @returns {number} modification time, or -1 when the file is missing */
function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** @param {string} source @returns {string} where tsc and esbuild both put its output */
const outputOf = (source) => path.join(DIST, path.relative(SRC, source)).replace(/\.ts$/, '.js');

/** @param {string[]} sources */
async function compile(sources) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: sources,
    outbase: SRC,
    outdir: DIST,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'es2023',
    tsconfig: path.join(ROOT, 'tsconfig.build.json'),
    sourcemap: true,
    write: false,
    logLevel: 'warning',
  });
  await esbuild.stop();
  // Each file is written aside and renamed over the old one: another start compiling at the same moment, or a
  // bot importing, sees a whole file, old or new, never half of one.
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const aside = `${file.path}.${process.pid}.tmp`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
}

const sources = sourceFiles(SRC);
// The compiler's settings count too: a changed tsconfig or launcher makes every output stale.
const settings = ['tsconfig.json', 'tsconfig.build.json', 'scripts/start.js'].map((file) =>
  path.join(ROOT, file),
);
const settingsChanged = Math.max(...settings.map(mtimeOf)) > mtimeOf(path.join(DIST, 'main.js'));
const stale = settingsChanged
  ? sources
  : sources.filter((source) => mtimeOf(source) > mtimeOf(outputOf(source)));
if (stale.length > 0) {
  const started = performance.now();
  // Every file, not only the changed ones: cheap, and no output is left from an older compiler's settings.
  await compile(sources);
  // Said only at a terminal: piped output keeps the bot's own lines alone (an operator error is one line).
  if (process.stderr.isTTY) {
    const ms = Math.round(performance.now() - started);
    console.error(`Compiled src/ to dist/ in ${ms} ms (${stale.length} file(s) changed).`);
  }
}
await import(pathToFileURL(path.join(DIST, 'main.js')).href);
