// What an operator meets when the environment is wrong: the real entry point exits non-zero with one readable line
// naming what to fix, never the secret itself, and writes nothing (no database files, no tables).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPaths, startEmbeddedPostgres } from '../../src/db/embedded/server.js';
import { GUILD_ID } from '../support/bot-harness.js';
import { FIXTURE_CONTENT_DIR } from '../support/content.js';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.js';
import { freePort, spawnBot } from './support/child-bot.js';

// Shaped like a bot token (so the logger's redaction is what keeps it out of the output), made up at run time as
// the fake Discord makes its own: no token-like literal sits in the repository.
const WRONG_TOKEN = `${Buffer.from('100000000000000001').toString('base64url')}.FAKE01.${randomBytes(27).toString('base64url')}`;

describe('operator errors at start-up', () => {
  let fake: FakeDiscord;
  const dirs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }] });
  });
  afterAll(async () => {
    await fake?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function run(env: Record<string, string>, existing?: string) {
    const dataDir = existing ?? (await mkdtemp(path.join(tmpdir(), 'boksup-operator-')));
    dirs.push(dataDir);
    const bot = await spawnBot({
      env: {
        DISCORD_API_URL: fake.apiUrl,
        GUILD_ID,
        CONTENT_DIR: FIXTURE_CONTENT_DIR,
        DATA_DIR: dataDir,
        ...env,
      },
    });
    const code = await bot.exited;
    return { code, output: bot.output, written: await readdir(dataDir) };
  }

  it('a token Discord rejects: one line naming DISCORD_TOKEN, exit 1, nothing written', async () => {
    const { code, output, written } = await run({ DISCORD_TOKEN: WRONG_TOKEN });
    expect(code).toBe(1);
    const errors = output.filter((line) => !line.startsWith('{'));
    expect(errors).toEqual([expect.stringMatching(/^Start-up failed: Discord rejected DISCORD_TOKEN/)]);
    expect(output.join('\n')).not.toContain(WRONG_TOKEN);
    expect(written).toEqual([]);
  }, 60_000);

  it('a database that cannot be reached: one line naming DATABASE_URL, exit 1, no password', async () => {
    const port = await freePort();
    const { code, output } = await run({
      DISCORD_TOKEN: fake.token,
      DATABASE_URL: `postgres://boksup:hunter2-secret@127.0.0.1:${port}/boksup`,
    });
    expect(code).toBe(1);
    const errors = output.filter((line) => !line.startsWith('{'));
    expect(errors).toEqual([
      expect.stringMatching(/^Start-up failed: cannot reach the database .*DATABASE_URL/),
    ]);
    expect(output.join('\n')).not.toContain('hunter2-secret');
  }, 60_000);

  it('a token Discord rejects with data already there: one line, exit 1, the server started alongside stopped', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-operator-'));
    await (await startEmbeddedPostgres({ dataDir })).stop();
    const { code, output } = await run({ DISCORD_TOKEN: WRONG_TOKEN }, dataDir);
    expect(code).toBe(1);
    const errors = output.filter((line) => !line.startsWith('{'));
    expect(errors).toEqual([expect.stringMatching(/^Start-up failed: Discord rejected DISCORD_TOKEN/)]);
    // With its data there, the server starts while the token is checked, and the failure stops it again.
    expect(output.join('\n')).toContain('embedded PostgreSQL started');
    const files = embeddedPaths(dataDir);
    expect(existsSync(path.join(files.pgdata, 'postmaster.pid'))).toBe(false);
    expect(existsSync(files.lock)).toBe(false);
  }, 90_000);
});
