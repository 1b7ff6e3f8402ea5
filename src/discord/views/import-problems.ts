import type { ImportProblem, Origin, ProblemCode } from '../../content/import/model.js';
import { type Locale, t } from '../../i18n/messages.js';

/** Codes whose message names a figure or a name from the problem's detail. */
const WITH_DETAIL = new Set<ProblemCode>([
  'file-too-large',
  'too-many-items',
  'too-long',
  'control-character',
  'unmapped-note-type',
  'duplicate-key',
  'invalid-item',
]);

/** Where a problem is, most precise last: `노트 1700000010001 · 카드 "Card 1" · 필드 "Back"`. */
export function describeOrigin(locale: Locale, where: Origin): string {
  const parts: string[] = [];
  if (where.entry) parts.push(t(locale, 'import.where.entry', { entry: where.entry }));
  if (where.line !== undefined) parts.push(t(locale, 'import.where.line', { n: where.line }));
  if (where.note) parts.push(t(locale, 'import.where.note', { id: where.note.id }));
  if (where.card) parts.push(t(locale, 'import.where.card', { card: where.card }));
  if (where.field) parts.push(t(locale, 'import.where.field', { field: where.field }));
  return parts.join(' · ');
}

/** One line per problem: where, then what. Details are plain text from the parser, never markup from the file. */
export function describeImportProblem(locale: Locale, problem: ImportProblem): string {
  const detail = (problem.detail ?? '').replace(/[`*_~|<>@]/g, '');
  const what = WITH_DETAIL.has(problem.code)
    ? t(locale, `import.problem.${problem.code}` as 'import.problem.too-long', { detail })
    : t(locale, `import.problem.${problem.code}` as 'import.problem.empty');
  const where = describeOrigin(locale, problem.where);
  return where ? `${where}: ${what}` : what;
}
