import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadResult, loadContent } from '../../src/content/load.js';
import { FIXTURE_CONTENT_DIR } from '../support/content.js';

let dir: string;
let fixtureDeck: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'boksup-loader-'));
  await copyFile(path.join(FIXTURE_CONTENT_DIR, 'sections.yaml'), path.join(dir, 'sections.yaml'));
  fixtureDeck = (await readFile(path.join(FIXTURE_CONTENT_DIR, 'fixture.yaml'), 'utf8')).split('\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Either a loaded deck, or problems that each say where (a file, a line from 1) and why. */
function expectWellFormed(result: LoadResult): void {
  if (result.ok) {
    expect(result.content.decks.length).toBeGreaterThan(0);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(typeof problem.file).toBe('string');
    expect(problem.file.length).toBeGreaterThan(0);
    expect(Number.isInteger(problem.line)).toBe(true);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(typeof problem.reason).toBe('string');
    expect(problem.reason.trim().length).toBeGreaterThan(0);
  }
}

async function loadDeck(text: string): Promise<LoadResult> {
  await writeFile(path.join(dir, 'fixture.yaml'), text);
  return loadContent(dir);
}

const yamlToken = fc.constantFrom(
  'id: fixture',
  'items:',
  '  - id: x',
  '    kind: flashcard',
  '    kind: cloze',
  '    section: basics',
  'title: { ko: 가, en: a }',
  '  ko: 가',
  '  en: a',
  '- ',
  '  - ',
  ': ',
  '&a [*a, *a]',
  '*a',
  '!!binary',
  '!!int x',
  '? ',
  '|',
  '>-',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '#',
  '---',
  '...',
  '%YAML 1.2',
  'answer: 99',
  'answer: -1',
  'options: []',
  'steps: [a]',
  '__proto__: x',
  'constructor: 1',
  '~',
  'null',
);
const yamlish = fc
  .array(fc.oneof(yamlToken, fc.string({ maxLength: 12 }), fc.constantFrom('\n', '\n  ', '\n    ', '\t')), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

/** Edits a person might make by mistake: lines dropped, repeated, swapped, re-indented, characters typed. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({
    kind: fc.constant('type' as const),
    at: fc.nat(),
    col: fc.nat(),
    text: fc.oneof(yamlToken, fc.string({ maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), col: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(lines: string[], edits: Mutation[]): string {
  const out = [...lines];
  for (const edit of edits) {
    if (out.length === 0) break;
    const i = edit.at % out.length;
    const line = out[i] as string;
    switch (edit.kind) {
      case 'drop':
        out.splice(i, 1);
        break;
      case 'repeat':
        out.splice(i, 0, line);
        break;
      case 'swap': {
        const j = edit.to % out.length;
        out[i] = out[j] as string;
        out[j] = line;
        break;
      }
      case 'indent':
        out[i] =
          edit.by >= 0
            ? ' '.repeat(edit.by) + line
            : line.slice(Math.min(-edit.by, line.length - line.trimStart().length));
        break;
      case 'type': {
        const col = edit.col % (line.length + 1);
        out[i] = line.slice(0, col) + edit.text + line.slice(col);
        break;
      }
      case 'cut':
        out[i] = line.slice(0, edit.col % (line.length + 1));
        break;
    }
  }
  return out.join('\n');
}

describe('content loader, on random input', () => {
  it('never throws on random YAML-ish text, and every problem names a file, a line and a reason', async () => {
    await fc.assert(
      fc.asyncProperty(yamlish, async (text) => {
        expectWellFormed(await loadDeck(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random edits of a valid deck, and every problem names a file, a line and a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (edits) => {
        expectWellFormed(await loadDeck(mutate(fixtureDeck, edits)));
      }),
      { numRuns: 300 },
    );
  });

  it('reports problems on lines that exist in the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (edits) => {
        const text = mutate(fixtureDeck, edits);
        const result = await loadDeck(text);
        if (!result.ok) {
          const lineCount = text.split('\n').length;
          for (const problem of result.problems.filter((p) => p.file.endsWith('fixture.yaml')))
            expect(problem.line).toBeLessThanOrEqual(lineCount + 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
