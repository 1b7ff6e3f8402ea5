import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';

/** Whether a process with this id exists (another user's process counts: signalling it is refused, not absent). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The command line of a process, where the system shows it (Linux). `undefined` elsewhere: callers then trust the
 * process id alone.
 */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
}

/** Data directories this process holds: a second start in the same process must refuse as well. */
const heldHere = new Set<string>();

/**
 * Takes the data directory for this process: a lock file holding our process id, created exclusively. A lock left
 * by a process that no longer runs (a crash, a killed container whose pid 1 is now us) is taken over; one held by a
 * running Node process refuses with a message that says which.
 */
export async function lockDataDir(lockFile: string, dataDir: string): Promise<() => Promise<void>> {
  if (heldHere.has(lockFile)) throw busy(dataDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockFile, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(lockFile);
      return async () => {
        heldHere.delete(lockFile);
        await unlink(lockFile).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (
      holder !== process.pid &&
      isProcessAlive(holder) &&
      (commandLineOf(holder)?.includes('node') ?? true)
    ) {
      throw busy(dataDir, holder);
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw busy(dataDir, undefined);
}

function busy(dataDir: string, pid: number | undefined): DataDirBusyError {
  const who = pid === undefined ? 'another boksup process' : `another boksup process (pid ${pid})`;
  return new DataDirBusyError(
    `DATA_DIR ${dataDir} is in use by ${who}. Stop that one first, or give this one its own DATA_DIR.`,
  );
}
