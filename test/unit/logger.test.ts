import { describe, expect, it } from 'vitest';
import { MAX_LOG_LINE_BYTES } from '../../src/logger.js';
import { captureLog } from '../support/log-capture.js';

describe('the logger', () => {
  it('never writes the password of a database URL, wherever the URL is', () => {
    const { log, lines } = captureLog('info');
    const url = 'postgres://boksup:p@ss-w0rd@db.internal:54x2/boksup';
    let thrown: unknown;
    try {
      new URL(url);
    } catch (error) {
      thrown = error;
    }
    // Node's URL error carries the whole input.
    expect((thrown as { input?: string }).input).toBe(url);
    log.fatal({ err: thrown }, 'start-up failed');
    log.error({ err: new Error(`could not connect to ${url}`) }, 'database error');
    log.info({ note: `retrying ${url}` }, 'retry');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain('p@ss-w0rd');
      expect(line).not.toContain('ss-w0rd');
    }
    expect(lines[1]).toContain('postgres://[redacted]@db.internal');
  });

  it('drops statement parameters from driver errors and keeps the code', () => {
    const { log, lines } = captureLog('info');
    const secret = 'the text of a member answer';
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      query: 'insert into "items" ("id", "content") values ($1, $2)',
      parameters: ['a', secret],
      args: ['a', secret],
    });
    const error = Object.assign(
      new Error(`Failed query: insert into "items" ("id", "content") values ($1, $2)\nparams: a,${secret}`),
      { query: 'insert into "items" ("id", "content") values ($1, $2)', params: ['a', secret], cause },
    );
    log.error({ err: error }, 'sync failed');
    expect(lines[0]).not.toContain(secret);
    const parsed = JSON.parse(lines[0] ?? '{}') as { err: { cause: { code: string }; query: string } };
    expect(parsed.err.cause.code).toBe('22021');
    expect(parsed.err.query).toContain('insert into "items"');
  });

  it('cuts a line over 16 KiB to a parseable summary', () => {
    const { log, lines } = captureLog('info');
    log.warn({ interactionId: '42', detail: 'x'.repeat(100_000) }, 'too much');
    expect(Buffer.byteLength(lines[0] ?? '')).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'warn', msg: 'too much', interactionId: '42' });
  });
});
