import type { Logger } from 'pino';
import { createLogger } from '../../src/logger.js';

/** The bot's own logger (its serializers and redaction), writing its lines into memory for a test to search. */
export function captureLog(level = 'debug'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger(level, {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) lines.push(line);
    },
  });
  return { log, lines };
}
