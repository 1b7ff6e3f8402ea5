// postgres.js 3.4.9 defers small writes with setImmediate; when the server ends a connection under a transaction,
// the transaction's own ROLLBACK lands on the dropped socket and throws from the timer, an exception nothing can
// catch, which ends the process (porsager/postgres #1154, #1208); and the cut backend's last error fails the first
// query of the connection that replaces it. The project carries the fixes as a patch (patches/); this runs the
// reproduction in a process of its own and demands that it lives on and that the next queries succeed.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../fault/support/child-bot.js';
import { createServerDatabase, testDrivers } from '../support/database.js';

const REPRODUCTION = `
import postgres from 'postgres';
// As the bot's entry point does: a rejection nobody awaits is logged, not fatal.
process.on('unhandledRejection', () => {});
const url = process.argv[1];
const sql = postgres(url, { max: 2, onnotice: () => {} });
const killer = postgres(url, { max: 1, onnotice: () => {} });
for (let round = 0; round < 3; round++) {
  let pid = null;
  const tx = sql.begin(async (t) => {
    const [row] = await t\`select pg_backend_pid() as pid\`;
    pid = row.pid;
    await t\`select pg_sleep(5)\`;
  });
  while (pid === null) await new Promise((resolve) => setTimeout(resolve, 10));
  await killer\`select pg_terminate_backend(\${pid})\`;
  const failure = await tx.then(() => 'committed', (error) => error.code);
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Both pool connections: the one that replaced the cut connection must not inherit its backend's error.
  const [[first], [second]] = await Promise.all([sql\`select 1 as n\`, sql\`select 2 as n\`]);
  console.log(\`round \${round}: transaction \${failure}, next queries \${first.n} \${second.n}\`);
}
await Promise.all([sql.end({ timeout: 1 }), killer.end({ timeout: 1 })]);
console.log('survived');
`;

function run(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', REPRODUCTION, url], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!testDrivers.includes('postgres'))('a server connection cut under a transaction', () => {
  it('rejects the transaction and leaves the process and the pool working', async () => {
    const server = await createServerDatabase();
    try {
      const { code, output } = await run(server.url);
      expect(output).not.toMatch(/reading 'write'/);
      for (const round of [0, 1, 2])
        expect(output).toContain(`round ${round}: transaction CONNECTION_CLOSED, next queries 1 2`);
      expect(output).toContain('survived');
      expect(code).toBe(0);
    } finally {
      await server.drop();
    }
  }, 60_000);
});
