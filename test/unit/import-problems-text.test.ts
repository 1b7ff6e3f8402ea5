import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../../src/content/import/model.js';
import { describeImportProblem } from '../../src/discord/views/import-problems.js';
import { isMessageKey } from '../../src/i18n/messages.js';

const CODES: ProblemCode[] = [
  'file-too-large',
  'unknown-format',
  'broken-zip',
  'broken-zstd',
  'broken-sqlite',
  'package-too-new',
  'empty',
  'too-many-items',
  'too-long',
  'control-character',
  'script-removed',
  'unmapped-note-type',
  'empty-side',
  'duplicate-key',
  'invalid-item',
  'bad-row',
];

describe('import problems as members read them', () => {
  it('every problem code has a message', () => {
    expect(CODES.filter((code) => !isMessageKey(`import.problem.${code}`))).toEqual([]);
  });

  it('names where the problem is, in Korean first and in English', () => {
    const problem = {
      code: 'too-long' as const,
      severity: 'error' as const,
      where: { note: { id: '1700000010001', guid: 'g' }, card: 'Card 1', field: 'back' },
      detail: '800',
    };
    expect(describeImportProblem('ko', problem)).toBe(
      '노트 1700000010001 · 카드 "Card 1" · 필드 "back": 디스코드에 다 보이지 않을 만큼 길어요 (최대 800자).',
    );
    expect(describeImportProblem('en', { ...problem, where: { line: 12 } })).toBe(
      'line 12: Too long to show on Discord (at most 800 characters).',
    );
  });

  it('keeps markup out of a detail', () => {
    const text = describeImportProblem('en', {
      code: 'invalid-item',
      severity: 'error',
      where: {},
      detail: '<@&123> **x**',
    });
    expect(text).toBe('Not a valid boksup item: &123 x');
  });
});
