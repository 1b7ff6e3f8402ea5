import { CLOZE_GAP } from '../schema.js';
import type { AnkiCard, AnkiCollection, AnkiNote, AnkiNoteType } from './anki-collection.js';
import { clozeNumbers, readTemplateFields, renderCloze } from './anki-template.js';
import { keyFromAnki } from './checks.js';
import { type ConvertedHtml, htmlToMarkdown, htmlToPlainText } from './html-to-markdown.js';
import {
  bothLanguages,
  error,
  type ImportedItem,
  type ImportedItemContent,
  type ImportProblem,
  type NoteTypeMapping,
  type Origin,
  warning,
} from './model.js';

/**
 * Turns an Anki collection's cards into items. The cards table says which cards exist (Anki already applied the
 * templates' conditions and the cloze numbers), so each card is one item: a cloze card for cloze `n` is card
 * ordinal `n - 1`, any other card is its template's front and back fields.
 */

const MAX_TYPED_ANSWER = 60;
const GAP_OPEN = '\ue010';
const GAP_CLOSE = '\ue011';

interface Collector {
  items: ImportedItem[];
  problems: ImportProblem[];
  mappings: Map<string, NoteTypeMapping>;
  reportedTemplates: Set<string>;
}

/** How a note is named and keyed: by its Anki id and guid, or (for rows of a text file) by its line and front. */
export interface NoteIdentity {
  originOf(note: AnkiNote): Origin;
  keyOf(note: AnkiNote, ord: number): string;
}

const ANKI_IDENTITY: NoteIdentity = {
  originOf: (note) => ({ note: { id: note.id, guid: note.guid } }),
  keyOf: (note, ord) => keyFromAnki(note.guid, ord),
};

export function itemsFromCollection(
  collection: AnkiCollection,
  identity: NoteIdentity = ANKI_IDENTITY,
): {
  items: ImportedItem[];
  problems: ImportProblem[];
  mappings: NoteTypeMapping[];
  title?: string;
} {
  const collector: Collector = { items: [], problems: [], mappings: new Map(), reportedTemplates: new Set() };
  const notes = new Map(collection.notes.map((note) => [note.id, note]));
  for (const card of collection.cards) {
    const note = notes.get(card.noteId);
    if (!note) continue;
    const noteType = collection.noteTypes.get(note.noteTypeId);
    const origin = identity.originOf(note);
    if (!noteType) {
      reportOnce(
        collector,
        `missing:${note.noteTypeId}`,
        error('unmapped-note-type', origin, note.noteTypeId),
      );
      continue;
    }
    const deck = collection.decks.get(card.deckId);
    const made =
      noteType.kind === 'cloze'
        ? clozeItem(noteType, note, card, origin, collector, identity)
        : templateItem(noteType, note, card, origin, collector, identity);
    if (made) collector.items.push({ ...made, ...(deck ? { deck } : {}), tags: note.tags });
  }
  const title = commonTopDeck(collector.items);
  return {
    items: collector.items,
    problems: collector.problems,
    mappings: [...collector.mappings.values()],
    ...(title ? { title } : {}),
  };
}

type MadeItem = Omit<ImportedItem, 'tags' | 'deck'>;

function fieldValue(noteType: AnkiNoteType, note: AnkiNote, name: string): string {
  const index = noteType.fields.findIndex((field) => field.toLowerCase() === name.toLowerCase());
  return index >= 0 ? (note.fields[index] ?? '') : '';
}

/** Renders fields as markdown, one per line, collecting media and reporting scripts. */
function renderFields(
  noteType: AnkiNoteType,
  note: AnkiNote,
  names: string[],
  origin: Origin,
  collector: Collector,
  media: string[],
): string {
  return names
    .map((name) => {
      const converted = htmlToMarkdown(fieldValue(noteType, note, name));
      noteMedia(converted, { ...origin, field: name }, collector, media);
      return converted.text;
    })
    .filter(Boolean)
    .join('\n');
}

function noteMedia(converted: ConvertedHtml, origin: Origin, collector: Collector, media: string[]): void {
  for (const name of converted.media) if (!media.includes(name)) media.push(name);
  if (converted.hadScript) collector.problems.push(error('script-removed', origin));
}

function record(collector: Collector, mapping: Omit<NoteTypeMapping, 'items'>): void {
  const id = `${mapping.noteType}\u0000${mapping.card}\u0000${mapping.kind}`;
  const existing = collector.mappings.get(id);
  if (existing) existing.items++;
  else collector.mappings.set(id, { ...mapping, items: 1 });
}

function reportOnce(collector: Collector, id: string, problem: ImportProblem): void {
  if (collector.reportedTemplates.has(id)) return;
  collector.reportedTemplates.add(id);
  collector.problems.push(problem);
}

function templateItem(
  noteType: AnkiNoteType,
  note: AnkiNote,
  card: AnkiCard,
  noteOrigin: Origin,
  collector: Collector,
  identity: NoteIdentity,
): MadeItem | undefined {
  const template = noteType.templates.find((t) => t.ord === card.ord);
  const origin: Origin = { ...noteOrigin, card: template?.name ?? String(card.ord + 1) };
  const question = template ? readTemplateFields(template.qfmt) : { shown: [] };
  const answer = template ? readTemplateFields(template.afmt) : { shown: [] };
  const frontFields = question.shown;
  const typed = question.typed ?? answer.typed;
  const backFields = answer.shown.filter((field) => !frontFields.includes(field));
  if (frontFields.length === 0 || (backFields.length === 0 && !typed)) {
    reportOnce(
      collector,
      `template:${noteType.id}:${card.ord}`,
      error('unmapped-note-type', { card: origin.card }, noteType.name),
    );
    return undefined;
  }
  const media: string[] = [];
  const front = renderFields(noteType, note, frontFields, origin, collector, media);
  const typedValue = typed ? htmlToPlainText(fieldValue(noteType, note, typed)).text : '';
  const back = renderFields(
    noteType,
    note,
    backFields.length > 0 ? backFields : [typed ?? ''],
    origin,
    collector,
    media,
  );
  if (!front || !back) {
    collector.problems.push(
      warning('empty-side', { ...origin, field: (!front ? frontFields : backFields).join(', ') }),
    );
    return undefined;
  }
  const key = identity.keyOf(note, card.ord);
  const mapping = { noteType: noteType.name, card: origin.card ?? '', front: frontFields, back: backFields };
  if (typed && typedValue && typedValue.length <= MAX_TYPED_ANSWER && !typedValue.includes('\n')) {
    record(collector, { ...mapping, back: [typed], kind: 'cloze' });
    const extra = backFields.length > 0 ? { explanation: bothLanguages(back) } : {};
    const content: ImportedItemContent = {
      id: key,
      kind: 'cloze',
      text: bothLanguages(`${front}\n${CLOZE_GAP}`),
      answer: bothLanguages(typedValue),
      accept: [],
      ...extra,
    };
    return { key, content, origin, media };
  }
  record(collector, {
    ...mapping,
    back: backFields.length > 0 ? backFields : [typed ?? ''],
    kind: 'flashcard',
  });
  return {
    key,
    content: { id: key, kind: 'flashcard', front: bothLanguages(front), back: bothLanguages(back) },
    origin,
    media,
  };
}

function clozeItem(
  noteType: AnkiNoteType,
  note: AnkiNote,
  card: AnkiCard,
  noteOrigin: Origin,
  collector: Collector,
  identity: NoteIdentity,
): MadeItem | undefined {
  const number = card.ord + 1;
  const origin: Origin = { ...noteOrigin, card: `c${number}` };
  const template = noteType.templates[0];
  const question = template ? readTemplateFields(template.qfmt) : { shown: [] };
  const answerSide = template ? readTemplateFields(template.afmt) : { shown: [] };
  const textField = question.cloze ?? noteType.fields[0] ?? '';
  const html = fieldValue(noteType, note, textField);
  // Image occlusion notes are clozes over regions of a picture: without the picture there is nothing to ask.
  if (html.includes('image-occlusion:')) {
    reportOnce(
      collector,
      `occlusion:${noteType.id}`,
      error('unmapped-note-type', { card: 'cloze' }, noteType.name),
    );
    return undefined;
  }
  if (!clozeNumbers(html).includes(number)) {
    collector.problems.push(warning('empty-side', { ...origin, field: textField }));
    return undefined;
  }
  const media: string[] = [];
  const fieldOrigin = { ...origin, field: textField };
  const hidden = renderCloze(html, number, (hint) => `${GAP_OPEN}${hint ?? ''}${GAP_CLOSE}`);
  const converted = htmlToMarkdown(hidden.text);
  noteMedia(converted, fieldOrigin, collector, media);
  const extraFields = answerSide.shown.filter(
    (field) => field !== textField && !question.shown.includes(field),
  );
  const extra = renderFields(noteType, note, extraFields, origin, collector, media);
  const answers = hidden.answers.map((answer) => htmlToPlainText(answer).text);
  const key = identity.keyOf(note, card.ord);
  const mapping = { noteType: noteType.name, card: 'cloze', front: [textField], back: extraFields };
  const [only] = answers;
  if (answers.length === 1 && only && only.length <= MAX_TYPED_ANSWER && !only.includes('\n')) {
    record(collector, { ...mapping, kind: 'cloze' });
    const text = converted.text.replace(gapPattern(), (_, hint: string) =>
      hint ? `${CLOZE_GAP} (${hint})` : CLOZE_GAP,
    );
    const content: ImportedItemContent = {
      id: key,
      kind: 'cloze',
      text: bothLanguages(text),
      answer: bothLanguages(only),
      accept: [],
      ...(extra ? { explanation: bothLanguages(extra) } : {}),
    };
    return { key, content, origin, media };
  }
  // Several gaps of one number, or an answer too long to type: shown as Anki shows it, graded by the member.
  record(collector, { ...mapping, kind: 'flashcard' });
  const front = converted.text.replace(gapPattern(), (_, hint: string) => (hint ? `[${hint}]` : '[…]'));
  const revealed = renderCloze(html, number, () => `${GAP_OPEN}${GAP_CLOSE}`);
  let next = 0;
  const backText = htmlToMarkdown(revealed.text).text.replace(gapPattern(), () => {
    const answer = htmlToMarkdown(revealed.answers[next++] ?? '').text;
    return answer ? `**${answer}**` : '';
  });
  const back = extra ? `${backText}\n\n${extra}` : backText;
  return {
    key,
    content: { id: key, kind: 'flashcard', front: bothLanguages(front), back: bothLanguages(back) },
    origin,
    media,
  };
}

const gapPattern = () => new RegExp(`${GAP_OPEN}([^${GAP_CLOSE}]*)${GAP_CLOSE}`, 'g');

/** The deck a package is about: the top-level deck all its cards share, if they share one. */
function commonTopDeck(items: ImportedItem[]): string | undefined {
  const tops = new Set(items.map((item) => item.deck?.split('::')[0]).filter(Boolean));
  return tops.size === 1 ? [...tops][0] : undefined;
}
