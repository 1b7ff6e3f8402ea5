import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/content/catalog.js';
import { renderQuizScreen } from '../../src/discord/views/quiz-view.js';
import type { QuizItem } from '../../src/services/quiz.js';
import { loadFixtureContent } from '../support/content.js';

describe('the quiz reveal', () => {
  it('lists who got it right within the field limit, counting the rest instead of cutting a mention', async () => {
    const current = buildCatalog(await loadFixtureContent()).findItem('fx-choice') as QuizItem;
    const answers = Array.from({ length: 60 }, (_, i) => ({
      userId: String(100000000000000000n + BigInt(i)),
      question: 0,
      option: 0,
      correct: true,
      answeredAt: new Date(0),
    }));
    const view = renderQuizScreen(
      { type: 'reveal', question: 0, total: 1, current, order: [2, 0, 1], answers },
      'ko',
    );
    const fields = view.embeds[0]?.fields ?? [];
    const who = fields.find((field) => field.name === '맞힌 사람 (60)')?.value ?? '';
    expect(who.length).toBeLessThanOrEqual(1024);
    expect(who).toMatch(/^(<@\d+> )+\+\d+$/);
    const shown = who.match(/<@\d+>/g)?.length ?? 0;
    expect(who.endsWith(`+${60 - shown}`)).toBe(true);
    // The right option is marked where it is shown (B, since the options were shown in the order 2, 0, 1).
    expect(view.embeds[0]?.description).toContain('**B.** 커널 ✅');
    expect(fields.find((field) => field.name === '오답인 이유')?.value).toBe(
      '**A.** 컨테이너에는 게스트 OS가 없다.\n**C.** 하이퍼바이저는 VM이 쓴다.',
    );
    expect(view.components).toEqual([]);
  });
});
