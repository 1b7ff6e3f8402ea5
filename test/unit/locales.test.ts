import { describe, expect, it } from 'vitest';
import { memberLocale, serverLocale } from '../../src/i18n/messages.js';

describe('languages outside an interaction', () => {
  it("a member's choice wins, else the Discord language they last used, else Korean", () => {
    expect(memberLocale({ localeOverride: 'ko', lastLocale: 'en-US' })).toBe('ko');
    expect(memberLocale({ localeOverride: null, lastLocale: 'en-GB' })).toBe('en');
    expect(memberLocale({ localeOverride: null, lastLocale: 'ja' })).toBe('ko');
    expect(memberLocale({ localeOverride: null, lastLocale: null })).toBe('ko');
  });

  it("a server's posts follow /admin language, else the server's Discord locale, else Korean", () => {
    expect(serverLocale({ localeOverride: 'ko', discordLocale: 'en-US' })).toBe('ko');
    expect(serverLocale({ localeOverride: null, discordLocale: 'en-US' })).toBe('en');
    expect(serverLocale({ localeOverride: null, discordLocale: null })).toBe('ko');
    expect(serverLocale(null)).toBe('ko');
  });
});
