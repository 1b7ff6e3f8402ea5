import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A file to upload with a command, as Discord's client sends it. */
export interface SandboxAttachment {
  name: string;
  bytes: Uint8Array;
}

/** Reads each attachment option's file (option name → path on this machine) for the fake Discord to store. */
export async function readAttachments(
  files: Record<string, string> | undefined,
): Promise<Record<string, SandboxAttachment> | undefined> {
  if (!files) return undefined;
  const entries = await Promise.all(
    Object.entries(files).map(
      async ([option, file]) => [option, { name: path.basename(file), bytes: await readFile(file) }] as const,
    ),
  );
  return Object.fromEntries(entries);
}
