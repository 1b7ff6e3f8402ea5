import { describe, expect, it } from 'vitest';
import {
  buildCustomId,
  type CustomId,
  isKnownCustomIdNamespace,
  parseCustomId,
} from '../../src/discord/custom-id.js';

describe('custom_id codec', () => {
  const samples: CustomId[] = [
    { kind: 'study', sessionId: 42, version: 7, action: 'reveal' },
    { kind: 'study', sessionId: 42, version: 7, action: 'grade', rating: 4 },
    { kind: 'study', sessionId: 9007199254740, version: 123456, action: 'choose', option: 3 },
    { kind: 'study', sessionId: 1, version: 0, action: 'order-pick', step: 7 },
    { kind: 'study', sessionId: 1, version: 0, action: 'cloze-submit' },
    { kind: 'start', deckId: null },
    { kind: 'start', deckId: 'docker-workflow' },
    { kind: 'quiz', quizId: 5, question: 2, option: 1 },
  ];

  it.each(samples)('round-trips %o', (id) => {
    const built = buildCustomId(id);
    expect(built.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(built)).toEqual(id);
  });

  it('names the version so that old messages keep parsing', () => {
    expect(buildCustomId({ kind: 'study', sessionId: 42, version: 7, action: 'grade', rating: 3 })).toBe(
      'bk:1:gr:42:7:3',
    );
  });

  it.each([
    '',
    'bk',
    'bk:2:rv:1:1',
    'bk:1:zz:1:1',
    'bk:1:gr:1:1',
    'bk:1:gr:1:1:5',
    'bk:1:gr:1:1:0',
    'bk:1:rv:1:1:9',
    'bk:1:rv:-1:1',
    'bk:1:rv:1e3:1',
    'bk:1:st:Docker Workflow',
    'bk:1:st',
    'bk:1:qz:1:2',
    'bk:1:constructor:1:1',
    `bk:1:rv:${'9'.repeat(200)}:1`,
  ])('refuses %j', (raw) => {
    expect(parseCustomId(raw)).toBeNull();
  });

  it('knows the namespace of every id it builds, and of a malformed id under it', () => {
    for (const id of samples) expect(isKnownCustomIdNamespace(buildCustomId(id))).toBe(true);
    expect(isKnownCustomIdNamespace('bk:1:gr:1:1')).toBe(true);
    expect(isKnownCustomIdNamespace('bk:1:st:Docker Workflow')).toBe(true);
  });

  it.each(['', 'bk', 'bk:1', 'bk:2:rv:1:1', 'bk:1:zz:1:1', 'bk:1:constructor:1:1', 'other:1:rv:1:1'])(
    'leaves %j to a release that may know it',
    (raw) => {
      expect(isKnownCustomIdNamespace(raw)).toBe(false);
    },
  );
});
