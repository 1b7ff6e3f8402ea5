import { expect } from 'vitest';
import type { FakeDiscord } from './fake-discord/index.js';

/** Fails a test in which the bot sent a body Discord would refuse, or called a route Discord does not have. */
export function expectNothingRejected(fake: FakeDiscord): void {
  expect(fake.validationErrors).toEqual([]);
  expect(fake.unknownRoutes).toEqual([]);
}
