// A Discord REST failure must not put an interaction token (valid for 15 minutes to post and edit as the bot),
// a request body or an uploaded file into the logs, and no log line may exceed 16 KiB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { t } from '../../src/i18n/messages.js';
import { GUILD_ID, startFakeDiscord, startTestBot } from '../support/bot-harness.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { type FakeDiscord, waitFor } from '../support/fake-discord/index.js';
import { captureLog } from '../support/log-capture.js';

const alice = { id: '100000000000000021', username: 'alice', locale: 'ko' };
const MAX_LINE_BYTES = 16 * 1024;

describe.each(testDrivers)('logged REST failures on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  const captured = captureLog('debug');

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'study group' }] });
    database = await createTestDatabase(driver);
    bot = await startTestBot(fake, database, { log: captured.log });
  });

  afterAll(async () => {
    await bot?.stop();
    await database?.destroy();
    await fake?.close();
  });

  const failuresOf = (interactionId: string) =>
    captured.lines.filter((line) => line.includes(interactionId) && line.includes('"level":"error"'));

  it('a refused callback and a refused webhook edit with a PNG are logged without token, body or file', async () => {
    fake.failRequests({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 400,
      code: 50035,
      message: 'Invalid Form Body',
    });
    const study = await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'study' });
    await waitFor(() => failuresOf(study.interactionId).length > 0, 5000, 'the failed callback in the log');

    fake.failRequests({
      method: 'PATCH',
      path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/,
      status: 500,
      message: 'Internal Server Error',
      times: 10,
    });
    const stats = await fake.sendCommand({ user: alice, guildId: GUILD_ID, name: 'stats' });
    await waitFor(() => failuresOf(stats.interactionId).length > 0, 15_000, 'the failed edit in the log');
    // The member was still told, in a follow-up, that something went wrong.
    await waitFor(
      () => fake.originalMessage(stats.interactionId)?.content === t('ko', 'error.unexpected'),
      5000,
      'the error follow-up',
    );

    const all = captured.lines.join('\n');
    for (const token of [study.token, stats.token]) expect(all).not.toContain(token);
    expect(all).not.toContain(fake.token);
    expect(all).not.toContain('requestBody');
    // The PNG's signature, as a JSON byte array or as text.
    expect(all).not.toContain('137,80,78,71');
    expect(all).not.toContain('PNG');
    for (const line of captured.lines) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(() => JSON.parse(line)).not.toThrow();
    }
    // What is kept is enough to find the failure: the route with the token cut out, and the status.
    const failure = failuresOf(stats.interactionId).join('\n');
    expect(failure).toMatch(/webhooks\/\d+\/\[redacted\]\/messages/);
    expect(failure).toContain('500');
  }, 60_000);
});
