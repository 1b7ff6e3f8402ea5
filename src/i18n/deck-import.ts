import type { Widen } from './types.js';

interface DiffCounts {
  added: number;
  changed: number;
  restored: number;
  retired: number;
  unchanged: number;
}
interface PublishedLine {
  deck: string;
  version: number;
  added: number;
  changed: number;
  retired: number;
}
interface MappingLine {
  noteType: string;
  card: string;
  kind: string;
  front: string;
  back: string;
  items: number;
}

/** Importing a server deck: what went wrong in a file, and where. */
export const deckImportKo = {
  'import.problem.file-too-large': ({ detail }: { detail: string }) => `파일이 너무 커요 (${detail}바이트).`,
  'import.problem.unknown-format':
    '어떤 형식인지 알 수 없는 파일이에요. Anki 패키지(.apkg), Anki 텍스트 내보내기, CSV, 마크다운, boksup YAML을 올려 주세요.',
  'import.problem.broken-zip': '압축(zip)이 깨져 있어요.',
  'import.problem.broken-zstd': 'zstd 압축이 깨져 있어요.',
  'import.problem.broken-sqlite': 'Anki 컬렉션(SQLite)을 읽을 수 없어요.',
  'import.problem.package-too-new':
    '이 Anki 패키지 형식은 아직 읽을 수 없어요. Anki에서 "이전 버전 지원"으로 내보내 주세요.',
  'import.problem.empty': '가져올 카드가 없어요.',
  'import.problem.too-many-items': ({ detail }: { detail: string }) => `카드가 너무 많아요 (${detail}개).`,
  'import.problem.too-long': ({ detail }: { detail: string }) =>
    `디스코드에 다 보이지 않을 만큼 길어요 (최대 ${detail}자).`,
  'import.problem.control-character': ({ detail }: { detail: string }) =>
    `보이지 않는 제어 문자(${detail})가 들어 있어요.`,
  'import.problem.script-removed': '스크립트(<script>)가 들어 있어요. 지우고 다시 올려 주세요.',
  'import.problem.unmapped-note-type': ({ detail }: { detail: string }) =>
    `노트 유형 "${detail}"의 카드 템플릿에서 앞면과 뒷면 필드를 찾을 수 없어요.`,
  'import.problem.empty-side':
    '앞면이나 뒷면이 비어 있어 건너뛰어요 (그림이나 소리만 있는 면은 보여 줄 수 없어요).',
  'import.problem.duplicate-key': ({ detail }: { detail: string }) => `같은 카드가 이미 있어요 (${detail}).`,
  'import.problem.invalid-item': ({ detail }: { detail: string }) =>
    `boksup 항목 형식에 맞지 않아요: ${detail}`,
  'import.problem.bad-row': '앞면과 뒷면, 두 칸이 필요한 줄이에요.',
  'import.where.line': ({ n }: { n: number }) => `${n}번째 줄`,
  'import.where.note': ({ id }: { id: string }) => `노트 ${id}`,
  'import.where.card': ({ card }: { card: string }) => `카드 "${card}"`,
  'import.where.field': ({ field }: { field: string }) => `필드 "${field}"`,
  'import.where.entry': ({ entry }: { entry: string }) => `파일 ${entry}`,
  'import.preview.title': ({ title }: { title: string }) => `덱 미리 보기: ${title}`,
  'import.preview.total': ({ total, kinds }: { total: number; kinds: string }) =>
    `항목 ${total}개 (${kinds})`,
  'import.preview.diff': ({ added, changed, restored, retired, unchanged }: DiffCounts) =>
    `새 항목 ${added} · 바뀐 항목 ${changed} · 되살린 항목 ${restored} · 보관할 항목 ${retired} · 그대로 ${unchanged}`,
  'import.preview.mappings': '노트 유형을 이렇게 옮겼어요',
  'import.preview.mapping': ({ noteType, card, kind, front, back, items }: MappingLine) =>
    `${noteType} / ${card} → ${kind}: 앞면 ${front}, 뒷면 ${back} (${items})`,
  'import.preview.media': ({ items }: { items: number }) => `그림·소리가 있던 항목 ${items}개`,
  'import.preview.media-note': ({ files }: { files: string }) =>
    `미디어는 보여 주지 않고 글만 가져와요: ${files}`,
  'import.preview.errors': ({ count }: { count: number }) => `문제 ${count}개`,
  'import.preview.warnings': ({ count }: { count: number }) => `참고 ${count}개`,
  'import.preview.more': ({ count }: { count: number }) => `…그리고 ${count}개 더`,
  'import.preview.publishable': '게시하면 이 서버의 멤버 모두가 공부할 수 있어요. 기존 진도는 그대로 남아요.',
  'import.preview.blocked': '문제를 고친 파일을 다시 올려 주세요. 아무것도 저장하지 않았어요.',
  'import.preview.none': '없음',
  'import.deck-changed':
    '미리 보기 뒤에 덱이 바뀌었어요. 파일을 다시 가져와 주세요. 아무것도 바꾸지 않았어요.',
  'import.decided': '이 가져오기는 이미 게시했거나 취소했어요.',
  'import.organizers-only': '이 서버의 덱은 서버 관리 권한이나 덱 관리 역할이 있는 사람만 관리할 수 있어요.',
  'import.published': ({ deck, version, added, changed, retired }: PublishedLine) =>
    `"${deck}" 덱을 게시했어요 (버전 ${version}): 새 항목 ${added}, 바뀐 항목 ${changed}, 보관한 항목 ${retired}. 멤버들의 진도는 그대로예요.`,
  'import.cancelled': '가져오기를 취소했어요. 아무것도 저장하지 않았어요.',
  'import.publish': '게시',
  'import.cancel': '취소',
  'import.not-attachment': '파일을 첨부해 주세요.',
  'deck.list-title': '이 서버의 덱',
  'deck.list-empty': '아직 이 서버의 덱이 없어요. /덱 가져오기 로 올려 보세요.',
  'deck.list-line': ({ name, items, version }: { name: string; items: number; version: number }) =>
    `**${name}**: 항목 ${items}개 (버전 ${version})`,
  'deck.list-retired': ({ name }: { name: string }) => `~~${name}~~ (보관됨)`,
  'deck.retired': ({ name }: { name: string }) =>
    `"${name}" 덱을 보관했어요. 기록은 남아 있고, 다시 가져오면 되살아나요.`,
  'deck.exported': ({ name }: { name: string }) =>
    `"${name}" 덱을 boksup YAML로 내보냈어요. 고쳐서 다시 가져오면 진도가 그대로 이어져요.`,
} as const;

export const deckImportEn: Widen<typeof deckImportKo> = {
  'import.problem.file-too-large': ({ detail }) => `The file is too large (${detail} bytes).`,
  'import.problem.unknown-format':
    'This file is in no format boksup knows. Upload an Anki package (.apkg), an Anki text export, CSV, Markdown or boksup YAML.',
  'import.problem.broken-zip': 'The zip archive is broken.',
  'import.problem.broken-zstd': 'The zstd compression is broken.',
  'import.problem.broken-sqlite': 'The Anki collection (SQLite) cannot be read.',
  'import.problem.package-too-new':
    'This Anki package format cannot be read yet. Export it from Anki with "Support older Anki versions".',
  'import.problem.empty': 'There are no cards to import.',
  'import.problem.too-many-items': ({ detail }) => `Too many cards (${detail}).`,
  'import.problem.too-long': ({ detail }) => `Too long to show on Discord (at most ${detail} characters).`,
  'import.problem.control-character': ({ detail }) => `Contains an invisible control character (${detail}).`,
  'import.problem.script-removed': 'Contains a script (<script>). Remove it and upload again.',
  'import.problem.unmapped-note-type': ({ detail }) =>
    `No front and back fields could be found in the card templates of note type "${detail}".`,
  'import.problem.empty-side':
    'Skipped: the front or back is empty (a side with only a picture or sound cannot be shown).',
  'import.problem.duplicate-key': ({ detail }) => `The same card is already there (${detail}).`,
  'import.problem.invalid-item': ({ detail }) => `Not a valid boksup item: ${detail}`,
  'import.problem.bad-row': 'This row needs two columns, a front and a back.',
  'import.where.line': ({ n }) => `line ${n}`,
  'import.where.note': ({ id }) => `note ${id}`,
  'import.where.card': ({ card }) => `card "${card}"`,
  'import.where.field': ({ field }) => `field "${field}"`,
  'import.where.entry': ({ entry }) => `file ${entry}`,
  'import.preview.title': ({ title }) => `Deck preview: ${title}`,
  'import.preview.total': ({ total, kinds }) => `${total} items (${kinds})`,
  'import.preview.diff': ({ added, changed, restored, retired, unchanged }) =>
    `${added} new · ${changed} changed · ${restored} restored · ${retired} to retire · ${unchanged} unchanged`,
  'import.preview.mappings': 'How note types were mapped',
  'import.preview.mapping': ({ noteType, card, kind, front, back, items }) =>
    `${noteType} / ${card} → ${kind}: front ${front}, back ${back} (${items})`,
  'import.preview.media': ({ items }) => `${items} items had pictures or sounds`,
  'import.preview.media-note': ({ files }) => `Media are not shown; only the text is imported: ${files}`,
  'import.preview.errors': ({ count }) => `${count} problems`,
  'import.preview.warnings': ({ count }) => `${count} notes`,
  'import.preview.more': ({ count }) => `…and ${count} more`,
  'import.preview.publishable':
    'Once published, every member of this server can study it. Existing progress is kept.',
  'import.preview.blocked': 'Fix the problems and upload the file again. Nothing was saved.',
  'import.preview.none': 'none',
  'import.deck-changed': 'The deck changed after this preview. Import the file again; nothing was changed.',
  'import.decided': 'This import was already published or cancelled.',
  'import.organizers-only':
    "Only members who can manage the server, or have its deck organizer role, may manage this server's decks.",
  'import.published': ({ deck, version, added, changed, retired }) =>
    `Published "${deck}" (version ${version}): ${added} new, ${changed} changed, ${retired} retired. Members keep their progress.`,
  'import.cancelled': 'Import cancelled. Nothing was saved.',
  'import.publish': 'Publish',
  'import.cancel': 'Cancel',
  'import.not-attachment': 'Please attach a file.',
  'deck.list-title': "This server's decks",
  'deck.list-empty': 'This server has no decks of its own yet. Upload one with /deck import.',
  'deck.list-line': ({ name, items, version }) => `**${name}**: ${items} items (version ${version})`,
  'deck.list-retired': ({ name }) => `~~${name}~~ (retired)`,
  'deck.retired': ({ name }) => `Retired "${name}". Its history is kept; importing it again brings it back.`,
  'deck.exported': ({ name }) =>
    `Exported "${name}" as boksup YAML. Edit it and import it again to keep everyone's progress.`,
};
