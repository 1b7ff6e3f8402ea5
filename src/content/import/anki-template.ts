/**
 * What an Anki card template shows, read from its `{{…}}` tags (Anki's template syntax: `{{Field}}`,
 * `{{filter:Field}}` with filters such as `text:`, `type:`, `cloze:`, `hint:`, `furigana:`, `tts …:`; sections
 * `{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}` only decide whether something shows). boksup does not run
 * templates (their HTML, CSS and scripts are the deck author's): a side is the fields its template names.
 */

/** Names Anki fills itself rather than from a note's fields. */
const SPECIAL = new Set(['FrontSide', 'Tags', 'Type', 'Deck', 'Subdeck', 'Card', 'CardFlag', 'CardID']);

export interface TemplateFields {
  /** Fields whose content the side shows, in order of first appearance. */
  shown: string[];
  /** The field a `{{type:…}}` tag asks the learner to type, if any. */
  typed?: string;
  /** The field a `{{cloze:…}}` tag renders, if any. */
  cloze?: string;
}

const TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function readTemplateFields(format: string): TemplateFields {
  const shown: string[] = [];
  let typed: string | undefined;
  let cloze: string | undefined;
  for (const match of format.matchAll(TAG)) {
    const inside = match[1] ?? '';
    if (/^[#^/!]/.test(inside)) continue;
    const parts = inside.split(':');
    const field = (parts.at(-1) ?? '').trim();
    if (!field || SPECIAL.has(field)) continue;
    const filters = parts.slice(0, -1).map((f) => f.trim().toLowerCase());
    if (filters.includes('type')) {
      typed ??= field;
      continue;
    }
    if (filters.includes('cloze')) cloze ??= field;
    if (!shown.includes(field)) shown.push(field);
  }
  return { shown, ...(typed ? { typed } : {}), ...(cloze ? { cloze } : {}) };
}

interface ClozeSpan {
  number: number;
  start: number;
  /** Offset just past the closing `}}`. */
  end: number;
  contentStart: number;
  contentEnd: number;
}

const OPEN = /\{\{c(\d+)::/y;

/** Finds `{{cN::…}}` spans, nested ones included (Anki 2.1.56+ allows a cloze inside a cloze). */
function findClozes(text: string): ClozeSpan[] {
  const spans: ClozeSpan[] = [];
  const stack: { number: number; start: number; contentStart: number }[] = [];
  let index = 0;
  while (index < text.length) {
    OPEN.lastIndex = index;
    const open = OPEN.exec(text);
    if (open) {
      stack.push({ number: Number(open[1]), start: index, contentStart: index + open[0].length });
      index += open[0].length;
      continue;
    }
    if (text.startsWith('}}', index) && stack.length > 0) {
      const top = stack.pop();
      if (top) spans.push({ ...top, end: index + 2, contentEnd: index });
      index += 2;
      continue;
    }
    index++;
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The cloze numbers a text uses, ascending. */
export function clozeNumbers(text: string): number[] {
  return [...new Set(findClozes(text).map((span) => span.number))].filter((n) => n > 0).sort((a, b) => a - b);
}

/** Splits a cloze's content into its answer and its hint (`answer::hint`), ignoring `::` inside nested clozes. */
function splitHint(content: string): { answer: string; hint?: string } {
  let depth = 0;
  for (let index = 0; index < content.length; index++) {
    if (content.startsWith('{{', index)) depth++;
    else if (content.startsWith('}}', index)) depth--;
    else if (depth === 0 && content.startsWith('::', index))
      return { answer: content.slice(0, index), hint: content.slice(index + 2) };
  }
  return { answer: content };
}

export interface ClozeCard {
  /** The text with every gap of this number replaced by `gap(hint)`; other clozes show their answer. */
  text: string;
  /** The answers of this number's gaps, in order, with nested cloze markers removed. */
  answers: string[];
}

/**
 * The card for cloze `number`, as Anki shows it: this number's gaps hidden (with their hint), every other
 * cloze revealed. Works on the field's HTML; `gap` returns a placeholder the caller turns into the final gap.
 */
export function renderCloze(
  text: string,
  number: number,
  gap: (hint: string | undefined) => string,
): ClozeCard {
  const answers: string[] = [];
  const render = (from: number, to: number, spans: ClozeSpan[]): string => {
    let out = '';
    let cursor = from;
    for (const span of spans) {
      if (span.start < cursor || span.end > to) continue;
      out += text.slice(cursor, span.start);
      const inner = spans.filter((s) => s.start >= span.contentStart && s.end <= span.contentEnd);
      const { answer, hint } = splitHint(text.slice(span.contentStart, span.contentEnd));
      if (span.number === number) {
        answers.push(revealAll(answer));
        out += gap(hint);
      } else {
        const answerEnd = span.contentStart + answer.length;
        out += render(span.contentStart, answerEnd, inner);
      }
      cursor = span.end;
    }
    return out + text.slice(cursor, to);
  };
  return { text: render(0, text.length, findClozes(text)), answers };
}

/** The text with every cloze shown as its answer (the back of a cloze card). */
export function revealAll(text: string): string {
  return renderCloze(text, 0, () => '').text;
}
