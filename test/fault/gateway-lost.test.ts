// The real entry point, as a deployment runs it: when Discord closes the gateway with a code that forbids resuming
// (4004, the token was rejected: rotated in the secret store), the process exits non-zero with one line naming
// what to fix, instead of staying up offline.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GUILD_ID } from '../support/bot-harness.js';
import { FIXTURE_CONTENT_DIR } from '../support/content.js';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.js';
import { type ChildBot, spawnBot } from './support/child-bot.js';

describe('a gateway closed for good', () => {
  let fake: FakeDiscord | undefined;
  let bot: ChildBot | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await bot?.kill('SIGKILL');
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('ends the process with a non-zero code and a line naming DISCORD_TOKEN', async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }] });
    dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-gateway-'));
    bot = await spawnBot({
      env: {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        GUILD_ID,
        CONTENT_DIR: FIXTURE_CONTENT_DIR,
        DATA_DIR: dataDir,
      },
    });
    await bot.waitForReady(90_000);
    fake.disconnectAll(4004);
    const outcome = await Promise.race([
      bot.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
    ]);
    expect(outcome).toBe(1);
    const output = bot.output.join('\n');
    expect(output).toContain('Gateway closed for good (4004)');
    expect(output).toContain('DISCORD_TOKEN');
    expect(output).not.toContain(fake.token);
  }, 120_000);
});
