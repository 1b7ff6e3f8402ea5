/**
 * Start-up failures an operator causes (a wrong token, a database that is not there), each turned into one line
 * that names what to fix. Anything else is reported by its own message.
 */

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
]);

/** Errors along the `cause` chain (drizzle wraps the driver's error). */
function* chain(error: unknown): Generator<Record<string, unknown>> {
  let current = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

export function describeStartupFailure(error: unknown): string {
  for (const link of chain(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (code === 'TokenInvalid' || link.status === 401)
      return "Discord rejected DISCORD_TOKEN (401): copy the bot's current token from the developer portal (Bot → Reset Token)";
    if (code && UNREACHABLE.has(code))
      return `cannot reach the database (${code}): check DATABASE_URL (or PGHOST and PGPORT) and that the server is running`;
    if (code === '28P01' || code === '28000')
      return `the database refused the login (${code}): check the user and password in DATABASE_URL (or PGUSER and PGPASSWORD)`;
    if (code === '3D000')
      return 'the database named in DATABASE_URL (or PGDATABASE) does not exist: create it first';
    if ((code === 'EACCES' || code === 'EROFS') && typeof link.path === 'string')
      return `cannot write ${link.path} (${code}): check DATA_DIR and its permissions`;
  }
  return error instanceof Error ? error.message : String(error);
}
