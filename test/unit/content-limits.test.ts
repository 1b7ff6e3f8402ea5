import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findUnstorableText } from '../../src/content/limits.js';

describe('findUnstorableText', () => {
  it('names the path and the character of a string PostgreSQL cannot store', () => {
    expect(findUnstorableText({ items: [{ front: 'a\u0000b' }] })).toEqual([
      {
        path: ['items', 0, 'front'],
        reason: 'control character U+0000 at position 2 (PostgreSQL cannot store it)',
      },
    ]);
  });

  it('returns on a YAML alias that contains itself, reporting a shared node once', () => {
    const cyclic = parse('&a [*a, "x\u0007"]');
    expect(findUnstorableText(cyclic)).toEqual([
      { path: [1], reason: 'control character U+0007 at position 2' },
    ]);
  });
});
