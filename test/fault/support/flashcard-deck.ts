import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Writes a content directory with one deck of `count` flashcards, so that a stream of answers is all
 * reveal-and-grade presses. Returns the directory; the caller removes it.
 */
export async function writeFlashcardDeck(count: number, deckId = 'drill'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'boksup-deck-'));
  await writeFile(
    path.join(dir, 'sections.yaml'),
    'sections:\n  - id: basics\n    title:\n      ko: 기초\n      en: Basics\n',
  );
  const lines = [
    `id: ${deckId}`,
    'title:',
    '  ko: 반복 연습',
    '  en: Drill',
    'description:',
    '  ko: 벤치마크와 장애 테스트용 카드.',
    '  en: Cards for benchmarks and fault tests.',
    'items:',
  ];
  for (let index = 1; index <= count; index++) {
    lines.push(
      `  - id: ${deckId}-${index}`,
      '    kind: flashcard',
      '    section: basics',
      '    front:',
      `      ko: 질문 ${index}`,
      `      en: Question ${index}`,
      '    back:',
      `      ko: 답 ${index}`,
      `      en: Answer ${index}`,
      '    explanation:',
      `      ko: 설명 ${index}`,
      `      en: Explanation ${index}`,
    );
  }
  await writeFile(path.join(dir, `${deckId}.yaml`), `${lines.join('\n')}\n`);
  return dir;
}
