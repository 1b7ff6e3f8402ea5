// The layering rule, kept true by a test rather than by memory: every import points down,
// domain ← db ← services ← discord / jobs ← app, with content, i18n and config beside the floor they serve, and
// project-files.ts (where migrations, fonts and the bundle's entries are) below all but the domain.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

type Layer =
  | 'domain'
  | 'i18n'
  | 'config'
  | 'content'
  | 'db'
  | 'services'
  | 'discord'
  | 'jobs'
  | 'root'
  | 'files';

/**
 * The layer of a file, by its folder. `deps.ts` is the services' bag of what they are given; a command-line entry
 * (`*-cli.ts`) is a composition root of its own, like `main.ts`.
 * `project-files.ts` only says where the project's files are: a layer of its own, importing nothing.
 */
function layerOf(file: string): Layer {
  const relative = path.relative(SRC, file).split(path.sep);
  if (file.endsWith('-cli.ts')) return 'root';
  if (relative[0] === 'deps.ts') return 'services';
  if (relative[0] === 'project-files.ts') return 'files';
  if (relative.length === 1) return 'root';
  return relative[0] as Layer;
}

/** What each layer may import from this project besides itself. Jobs and handlers reach the database only through services. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  files: [],
  domain: [],
  i18n: ['domain'],
  config: ['domain'],
  content: ['domain', 'files'],
  db: ['domain', 'content', 'files'],
  services: ['db', 'domain', 'content', 'i18n', 'config', 'files'],
  discord: ['services', 'domain', 'content', 'i18n', 'config', 'files'],
  jobs: ['services', 'domain', 'i18n', 'config', 'files'],
  root: ['discord', 'jobs', 'services', 'db', 'domain', 'content', 'i18n', 'config', 'files'],
};

/** Packages the pure domain may not touch: I/O, the clock's owners, Discord and the database. */
const FORBIDDEN_IN_DOMAIN = /^(node:|discord\.js|drizzle-orm|postgres|@electric-sql|pino|node-cron|@resvg)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

interface Edge {
  from: string;
  specifier: string;
  /** The project file imported, or null for a package. */
  to: string | null;
}

function importsOf(file: string): Edge[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map(({ fileName: specifier }) => ({
    from: file,
    specifier,
    to: specifier.startsWith('.')
      ? path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'))
      : null,
  }));
}

const edges = sourceFiles(SRC).flatMap(importsOf);
const name = (file: string) => path.relative(SRC, file);

describe('the layers of src/', () => {
  it('reads the imports of every source file', () => {
    expect(edges.some((edge) => name(edge.from) === 'services/study.ts' && edge.to !== null)).toBe(true);
  });

  it('imports only from its own layer or one allowed below it', () => {
    const upward = edges
      .filter((edge) => edge.to !== null)
      .filter((edge) => {
        const from = layerOf(edge.from);
        const to = layerOf(edge.to as string);
        return from !== to && !MAY_IMPORT[from].includes(to);
      })
      .map((edge) => `${name(edge.from)} (${layerOf(edge.from)}) → ${name(edge.to as string)}`);
    expect(upward).toEqual([]);
  });

  it('keeps the domain free of I/O, Discord and the database', () => {
    const impure = edges
      .filter((edge) => layerOf(edge.from) === 'domain' && FORBIDDEN_IN_DOMAIN.test(edge.specifier))
      .map((edge) => `${name(edge.from)} → ${edge.specifier}`);
    expect(impure).toEqual([]);
  });

  it('keeps the clock and randomness out of the domain and the services', () => {
    const readers = sourceFiles(SRC)
      .filter((file) => ['domain', 'services'].includes(layerOf(file)))
      .filter((file) =>
        /Date\.now\(\)|new Date\(\)|Math\.random\(|randomInt\(/.test(readFileSync(file, 'utf8')),
      )
      .map(name);
    expect(readers).toEqual([]);
  });
});
