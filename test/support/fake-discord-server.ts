// The fake Discord as a process, for smoke-testing a bot that runs elsewhere (the container image in CI).
// Prints one JSON line `{ apiUrl, token, guildId }` on stdout, waits for a bot to connect and register its
// commands, sends one /study as a member and checks the answer is an ephemeral reply with an embed, then
// prints STUDY_OK and keeps serving until SIGTERM or SIGINT. Anything else ends it with exit code 1.
// With --study-on-sigusr1 it holds the /study back until it receives SIGUSR1 (to measure a bot at rest first).
//
//   npx tsx test/support/fake-discord-server.ts [--timeout-ms 90000] [--study-on-sigusr1]
import { setTimeout as sleep } from 'node:timers/promises';
import { GUILD_ID } from './bot-harness.js';
import { startFakeDiscord } from './fake-discord/index.js';

const EPHEMERAL = 1 << 6;
const timeoutArg = process.argv.indexOf('--timeout-ms');
const timeoutMs = timeoutArg > 0 ? Number(process.argv[timeoutArg + 1]) : 90_000;
// Listened for from the start, so a signal sent early is not lost.
const studySignal = new Promise((resolve) => process.once('SIGUSR1', resolve));

const fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'smoke test' }] });
console.log(JSON.stringify({ apiUrl: fake.apiUrl, token: fake.token, guildId: GUILD_ID }));

const stop = async (code: number) => {
  await fake.close().catch(() => {});
  process.exit(code);
};
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

function failWith(reason: string): never {
  console.error(`fake Discord: ${reason}`);
  if (fake.validationErrors.length > 0) console.error(JSON.stringify(fake.validationErrors, null, 2));
  process.exit(1);
}

const deadline = setTimeout(
  () => failWith(`no bot answered /study within ${timeoutMs} ms (commands registered: ${fake.commandPuts})`),
  timeoutMs,
);

await fake.waitForReady();
// The bot registers its commands after READY; /study is refused until then.
while (fake.commandPuts < 1) await sleep(100);
if (process.argv.includes('--study-on-sigusr1')) await studySignal;

const outcome = await fake
  .sendCommand({ user: { id: '100000000000000001', username: 'smoke', locale: 'ko' }, name: 'study' })
  .catch((error: unknown) => failWith(`/study failed: ${String(error)}`));
const flags = Number(outcome.callback.data?.flags ?? 0);
if (outcome.callback.type !== 4)
  failWith(`/study answered with callback type ${outcome.callback.type}, not 4`);
if ((flags & EPHEMERAL) === 0) failWith('/study answered with a reply that is not ephemeral');
if ((outcome.message?.embeds.length ?? 0) === 0) failWith('/study answered without an embed');
if (fake.validationErrors.length > 0) failWith('the bot sent a request Discord would refuse');

clearTimeout(deadline);
console.log('STUDY_OK');
