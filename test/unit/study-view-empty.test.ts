import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/discord/custom-id.js';
import { renderStudyScreen } from '../../src/discord/views/study/study-screen.js';

const NOW = new Date('2026-05-04T01:00:00Z');
const ecs = { id: 'ecs', title: { ko: 'ECS', en: 'ECS' } };

describe('the screen when nothing is due', () => {
  it('with a deck asked for, says what is due in the other decks and offers to study them', () => {
    const view = renderStudyScreen(
      {
        type: 'empty',
        deck: ecs,
        nextDue: new Date('2026-05-06T00:00:00Z'),
        dueElsewhere: 7,
        newLimitReached: false,
        dailyNewLimit: 20,
      },
      'en',
      NOW,
    );
    expect(view.content).toBe(
      'Nothing to review in **ECS** right now.\n**7** items are due in other decks.\nNext review: <t:1778025600:R>',
    );
    const [button] = view.components.flatMap((row) => row.components) as {
      custom_id: string;
      label: string;
    }[];
    expect(button?.label).toBe('Review the other decks (7)');
    expect(parseCustomId(button?.custom_id ?? '')).toEqual({ kind: 'start', deckId: null });
  });

  it('with nothing due anywhere, offers no button', () => {
    const view = renderStudyScreen(
      { type: 'empty', deck: ecs, nextDue: null, dueElsewhere: 0, newLimitReached: false, dailyNewLimit: 20 },
      'ko',
      NOW,
    );
    expect(view.content).toBe('**ECS** 덱에는 지금 복습할 항목이 없어요.');
    expect(view.components).toEqual([]);
  });
});
