// Interaction latency: the real bot process (src/main.ts) on the server, driven through the fake Discord by the
// real discord.js client; from INTERACTION_CREATE sent to the callback received, over 1,000 grade presses.
// Reference, same run: a bare discord.js client on the same fake that replies at once (gateway + REST cost only).
import { rm } from 'node:fs/promises';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startAnswerStream } from '../test/fault/support/answer-stream.js';
import { defaultEntry, spawnBot } from '../test/fault/support/child-bot.js';
import { writeFlashcardDeck } from '../test/fault/support/flashcard-deck.js';
import { GUILD_ID } from '../test/support/bot-harness.js';
import { startFakeDiscord } from '../test/support/fake-discord/index.js';
import { type BenchRow, createScratchDatabase, log, percentile, runIfMain, serverReachable } from './lib.js';

const PRESSES = Number(process.env.BENCH_PRESSES ?? 1000);

async function referenceLatencies(count: number): Promise<number[]> {
  const fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }], strictCommands: false });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable()) void interaction.reply({ content: 'ok' });
  });
  try {
    await client.login(fake.token);
    await fake.waitForReady();
    const user = { id: '100000000000000001', username: 'ref' };
    const latencies: number[] = [];
    for (let i = 0; i < count; i++)
      latencies.push((await fake.sendCommand({ user, guildId: GUILD_ID, name: 'ping' })).latencyMs);
    return latencies;
  } finally {
    await client.destroy();
    await fake.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  if (!(await serverReachable())) return [];
  const scratch = await createScratchDatabase('latency');
  const fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID }] });
  const contentDir = await writeFlashcardDeck(40);
  const bot = await spawnBot({
    entry: defaultEntry(),
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID,
      CONTENT_DIR: contentDir,
      DATABASE_URL: scratch.url,
      LOG_LEVEL: 'warn',
    },
  });
  try {
    await bot.waitForReady();
    log(`${PRESSES} grade presses, one member at a time`);
    const stream = startAnswerStream(fake, { workers: 1 });
    while (stream.gradeLatenciesMs.length < PRESSES + 50) await new Promise((r) => setTimeout(r, 50));
    await stream.stop();
    const latencies = stream.gradeLatenciesMs.slice(50, 50 + PRESSES);
    log('reference: a bare discord.js client');
    const reference = (await referenceLatencies(PRESSES + 50)).slice(50);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return [
      {
        bench: 'interaction latency',
        figure: `server, grade press p50 (n=${latencies.length})`,
        value: p50,
        unit: 'ms',
        reference: { name: 'bare client p50', value: percentile(reference, 50), unit: 'ms' },
        ratio: p50 / percentile(reference, 50),
      },
      {
        bench: 'interaction latency',
        figure: 'server, grade press p99',
        value: p99,
        unit: 'ms',
        reference: { name: 'bare client p99', value: percentile(reference, 99), unit: 'ms' },
        ratio: p99 / percentile(reference, 99),
        target: 'p99 < 30 ms',
        pass: p99 < 30,
      },
    ];
  } finally {
    await bot.kill('SIGTERM');
    await fake.close();
    await scratch.drop();
    await rm(contentDir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'interaction-latency', run);
