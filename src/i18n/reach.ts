import type { Widen } from './types.js';

/** Studying outside a server (what is due elsewhere, the summary's buttons) and the languages of servers. */
export const reachKo = {
  'study.nothing-in-deck': (p: { deck: string }) => `**${p.deck}** 덱에는 지금 복습할 항목이 없어요.`,
  'study.due-elsewhere': (p: { count: number }) => `다른 덱에 **${p.count}개**가 기다리고 있어요.`,
  'study.study-elsewhere': (p: { count: number }) => `다른 덱 복습하기 (${p.count})`,
  'study.done': '끝내기',
  'study.undo-last': '↩ 마지막 답 되돌리기',
  'language.ko': '한국어',
  'language.en': 'English',
  'admin.language': '게시 언어',
  'admin.language-auto': (p: { language: string }) => `자동: ${p.language} (Discord 서버 기본 언어)`,
} as const;

export const reachEn: Widen<typeof reachKo> = {
  'study.nothing-in-deck': (p) => `Nothing to review in **${p.deck}** right now.`,
  'study.due-elsewhere': (p) =>
    `**${p.count}** ${p.count === 1 ? 'item is' : 'items are'} due in other decks.`,
  'study.study-elsewhere': (p) => `Review the other decks (${p.count})`,
  'study.done': 'Done',
  'study.undo-last': '↩ Undo last answer',
  'language.ko': '한국어',
  'language.en': 'English',
  'admin.language': 'Language of posts',
  'admin.language-auto': (p) => `Automatic: ${p.language} (the server's Discord language)`,
};
