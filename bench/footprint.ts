// The footprint of a bot from outside: the proportional set size (PSS, /proc/PID/smaps_rollup) of the bot and the
// database processes serving it. PSS splits each shared page among the processes that map it, so the sum over a
// process tree counts PostgreSQL's shared buffers once, not once per connection.
import { readdirSync, readFileSync } from 'node:fs';
import type postgres from 'postgres';

export function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // the process has exited since it was listed
  }
}

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

export const treePssBytes = (root: number) => processTree(root).reduce((sum, pid) => sum + pssBytes(pid), 0);

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
