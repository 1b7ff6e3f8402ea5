// Liveness follows the gateway: a bot that has been offline longer than the grace period is not alive, so the
// container's health check replaces it; a close Discord will not let it resume ends it at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app.js';
import { GUILD_ID, movableClock, startTestBot } from '../support/bot-harness.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { type FakeDiscord, startFakeDiscord, waitFor } from '../support/fake-discord/index.js';

const GRACE_SECONDS = 120;

async function status(port: number | undefined, path: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  await response.arrayBuffer();
  return response.status;
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testDrivers)('gateway and liveness on %s', (driver) => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let bot: RunningBot;
  const clock = movableClock(new Date('2026-03-02T01:00:00Z'));
  const lost: number[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }] });
    database = await createTestDatabase(driver);
    bot = await startTestBot(fake, database, {
      clock: clock.now,
      healthPort: 0,
      configOverrides: { GATEWAY_DOWN_GRACE_SECONDS: String(GRACE_SECONDS) },
      onGatewayLost: (code) => lost.push(code),
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await database?.destroy();
    await fake?.close();
  });

  it('stays alive through a short outage, fails liveness after the grace period, and recovers', async () => {
    expect(await status(bot.healthPort, '/healthz')).toBe(200);
    fake.setGatewayOpen(false);
    fake.disconnectAll(4000);
    await until(async () => !(await bot.ready()), 'the bot to notice');
    clock.advance((GRACE_SECONDS - 1) * 1000);
    expect(await status(bot.healthPort, '/healthz')).toBe(200);
    expect(await status(bot.healthPort, '/readyz')).toBe(503);
    clock.advance(2000);
    expect(await status(bot.healthPort, '/healthz')).toBe(503);

    fake.setGatewayOpen(true);
    await fake.waitForReady();
    await until(() => bot.ready(), 'the bot to reconnect');
    expect(await status(bot.healthPort, '/healthz')).toBe(200);
    expect(lost).toEqual([]);
  }, 60_000);

  it('reports a close that cannot be resumed (4004: token rejected)', async () => {
    fake.disconnectAll(4004);
    await waitFor(() => lost.length > 0, 10_000, 'the lost gateway to be reported');
    expect(lost).toEqual([4004]);
  });
});
