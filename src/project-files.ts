// Where the project's own files are, found the same way from the TypeScript sources and from the bundle.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This module sits one folder below the project root: in src/ when it runs from the TypeScript sources (tsx,
 * vitest), and in dist/ when it runs bundled, where the build writes every file (entries and chunks) into that one
 * folder. Another module's own URL moves when it is bundled into a chunk; this one's distance to the root does not,
 * so every path the bot reads at run time is built from here.
 */
const HERE = new URL('.', import.meta.url);

/** The project's root folder, which holds migrations/, assets/ and node_modules/. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', HERE));

/** A file or folder under the project root. */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}

/** True when running from the bundle in dist/, false from the TypeScript sources. */
export const RUNS_BUNDLED = import.meta.url.endsWith('.js');

/** The URL of another entry of the bundle (a worker thread's), which the build writes beside this code. */
export function bundleEntryUrl(name: string): URL {
  return new URL(`${name}.js`, HERE);
}
