import { CLOZE_GAP } from '../schema.js';
import { finishDeck, keyFromFront } from './checks.js';
import { bothLanguages, type ImportedDeck, type ImportedItem } from './model.js';

/**
 * Cards written in Markdown notes, in the syntax note-taking tools' flashcard plugins use:
 * `Question::Answer` (one card), `Question:::Answer` (a card each way), a paragraph with a line `?` between
 * question and answer lines (`??` each way), and `==highlight==` gaps (one cloze item per highlight). A card
 * ends at a blank line. Text stays the organizer's own Markdown.
 */

const MAX_TYPED_ANSWER = 60;
const HIGHLIGHT = /==([^=\n]+?)==/g;
const HAS_HIGHLIGHT = /==([^=\n]+?)==/;

interface Block {
  lines: string[];
  start: number;
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let inFence = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && !line.trim()) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { lines: [], start: index + 1 };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

function flashcard(front: string, back: string, line: number, reversedOf?: string): ImportedItem {
  return keyedFlashcard(
    keyFromFront(reversedOf === undefined ? front : `${reversedOf}\u001f1`),
    front,
    back,
    line,
  );
}

function keyedFlashcard(key: string, front: string, back: string, line: number): ImportedItem {
  return {
    key,
    content: { id: key, kind: 'flashcard', front: bothLanguages(front), back: bothLanguages(back) },
    origin: { line },
    tags: [],
    media: [],
  };
}

function clozeItems(text: string, line: number): ImportedItem[] {
  const highlights = [...text.matchAll(HIGHLIGHT)];
  const plain = text.replace(HIGHLIGHT, '$1');
  return highlights.map((target, index) => {
    const key = keyFromFront(`${plain}${index > 0 ? `\u001f${index}` : ''}`);
    const answer = (target[1] ?? '').trim();
    let seen = -1;
    const show = (gap: string, other: (inner: string) => string) =>
      text.replace(HIGHLIGHT, (_, inner: string) => (++seen === index ? gap : other(inner)));
    if (answer.length <= MAX_TYPED_ANSWER) {
      const gapped = show(CLOZE_GAP, (inner) => inner);
      return {
        key,
        content: {
          id: key,
          kind: 'cloze',
          text: bothLanguages(gapped),
          answer: bothLanguages(answer),
          accept: [],
        },
        origin: { line },
        tags: [],
        media: [],
      };
    }
    const front = show('[…]', (inner) => inner);
    seen = -1;
    const back = show(`**${answer}**`, (inner) => inner);
    return keyedFlashcard(key, front, back, line);
  });
}

export function readMarkdown(text: string): ImportedDeck {
  const items: ImportedItem[] = [];
  let title: string | undefined;
  for (const block of splitBlocks(text)) {
    const separator = block.lines.findIndex((line) => /^\s*\?\??\s*$/.test(line));
    if (separator > 0) {
      const front = block.lines.slice(0, separator).join('\n').trim();
      const back = block.lines
        .slice(separator + 1)
        .join('\n')
        .trim();
      items.push(flashcard(front, back, block.start));
      if (block.lines[separator]?.trim() === '??') items.push(flashcard(back, front, block.start, front));
      continue;
    }
    let clozeLines: string[] = [];
    let clozeStart = block.start;
    const flushCloze = () => {
      const joined = clozeLines.join('\n').trim();
      if (HAS_HIGHLIGHT.test(joined)) items.push(...clozeItems(joined, clozeStart));
      clozeLines = [];
    };
    block.lines.forEach((line, offset) => {
      const lineNumber = block.start + offset;
      const heading = /^#\s+(.+)$/.exec(line);
      if (heading) {
        title ??= heading[1]?.trim();
        return;
      }
      if (/^\s*#{1,6}(\s|$)/.test(line) || /^\s*#[\w/-]+\s*$/.test(line)) return;
      const both = line.indexOf(':::');
      const one = line.indexOf('::');
      if (both > 0) {
        flushCloze();
        const [front, back] = [line.slice(0, both).trim(), line.slice(both + 3).trim()];
        items.push(flashcard(front, back, lineNumber), flashcard(back, front, lineNumber, front));
      } else if (one > 0) {
        flushCloze();
        items.push(flashcard(line.slice(0, one).trim(), line.slice(one + 2).trim(), lineNumber));
      } else {
        if (clozeLines.length === 0) clozeStart = lineNumber;
        clozeLines.push(line);
      }
    });
    flushCloze();
  }
  return finishDeck('markdown', items, [], title ? { title } : {});
}
