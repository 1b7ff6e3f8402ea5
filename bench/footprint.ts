// The footprint of a bot from outside: the proportional set size (PSS, /proc/PID/smaps_rollup) of the bot and the
// database processes serving it. PSS splits each shared page among the processes that map it, so the sum over a
// process tree counts PostgreSQL's shared buffers once, not once per connection.
import { readdirSync, readFileSync } from 'node:fs';
import type postgres from 'postgres';

/**
 * A process's PSS, and the part of it that is shared memory (`Pss_Shmem`): for PostgreSQL, its shared buffers,
 * which fill as the data the bot touches grows, up to `shared_buffers`.
 */
export function pssParts(pid: number): { pss: number; shmem: number } {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return { pss: kB('Pss') * 1024, shmem: kB('Pss_Shmem') * 1024 };
  } catch {
    return { pss: 0, shmem: 0 }; // the process has exited since it was listed
  }
}

export const pssBytes = (pid: number) => pssParts(pid).pss;

function parentOf(pid: number): number | undefined {
  try {
    // The command name, in parentheses, may itself hold spaces: the fields after it are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** `root` and every process below it (the bot, its embedded server, the server's backends and workers). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The backends of a shared server that serve one database: the bot's share of that server. */
export async function backendPids(admin: postgres.Sql, database: string): Promise<number[]> {
  const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
  return rows.map((row) => row.pid);
}

/** One line per process of the tree: its PSS and what it is, for the log. */
export function describeTree(root: number): string {
  return processTree(root)
    .map((pid) => {
      let command = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim().slice(0, 60);
      } catch {
        command = '(gone)';
      }
      return `  ${(pssBytes(pid) / 1024 / 1024).toFixed(1).padStart(6)} MB  ${command}`;
    })
    .join('\n');
}
