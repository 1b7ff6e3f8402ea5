import pino, { type Logger } from 'pino';

/** Longer lines are cut: one failed upload once wrote a 180 KiB line, and CloudWatch splits events at 256 KiB. */
export const MAX_LOG_LINE_BYTES = 16 * 1024;
const MAX_MESSAGE_CHARS = 2000;
const MAX_STACK_CHARS = 4000;
const MAX_QUERY_CHARS = 1000;

/**
 * Secrets that travel inside URLs and messages rather than in fields a redaction path could name. An interaction
 * token lets anyone post or edit as the bot for 15 minutes; it sits in the path of every callback and webhook call.
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/(\/interactions\/\d+\/)[^/?#\s"'\\]+/g, '$1[redacted]'],
  [/(\/webhooks\/\d+\/)[^/?#\s"'\\]+/g, '$1[redacted]'],
  // user:password@ in any URL (a database URL in a driver's message). Greedy up to the last @ of the authority:
  // a password may hold an unencoded @.
  [/(\b[a-z][a-z\d+.-]*:\/\/)[^/?#\s"'\\]*@/gi, '$1[redacted]@'],
  // A bot token, wherever it ends up.
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b/g, '[redacted]'],
];

/** `text` with interaction and webhook tokens, bot tokens and URL credentials replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) redacted = redacted.replace(pattern, replacement);
  return redacted;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… [cut]` : text);

/**
 * drizzle's query error reads "Failed query: <sql>\nparams: <values>": the values are members' data and decks'
 * text, megabytes for a bulk insert. Only the statement's start is kept.
 */
function messageWithoutParameters(message: string): string {
  const params = message.indexOf('\nparams:');
  return cut(params >= 0 ? message.slice(0, params) : message, MAX_MESSAGE_CHARS);
}

/** Fields of driver and HTTP errors worth keeping: codes and names, never values, bodies or parameters. */
const KEPT_FIELDS = [
  'code',
  'status',
  'method',
  'errno',
  'syscall',
  'address',
  'port',
  'severity',
  'routine',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
] as const;

/**
 * The error serializer. pino's default copies every enumerable field, which for discord.js means the request URL
 * with its token and the whole request body with its files, for postgres.js and drizzle the statement's parameters,
 * and for a URL error the input URL with its password. This one keeps a whitelist.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null)
    return typeof value === 'string' ? cut(value, 2000) : value;
  const error = value as Record<string, unknown> & { name?: unknown; message?: unknown; stack?: unknown };
  const message = messageWithoutParameters(typeof error.message === 'string' ? error.message : '');
  const out: Record<string, unknown> = {
    type: typeof error.name === 'string' ? error.name : (value.constructor?.name ?? 'Object'),
    message,
  };
  for (const field of KEPT_FIELDS) {
    const kept = error[field];
    if (typeof kept === 'string' || typeof kept === 'number') out[field] = kept;
  }
  // discord.js: the route, which is enough to tell which call failed once its token is cut out.
  if (typeof error.url === 'string') out.url = redactSecrets(cut(error.url, 500));
  // postgres.js and drizzle: the statement's text without its values.
  if (typeof error.query === 'string') out.query = cut(error.query, MAX_QUERY_CHARS);
  if (typeof error.stack === 'string') {
    // The stack repeats the message (with any parameters in it): keep only the frames after it.
    const frames = error.stack
      .split('\n')
      .filter((line) => line.startsWith('    at '))
      .join('\n');
    out.stack = cut(`${String(out.type)}: ${message}\n${frames}`, MAX_STACK_CHARS);
  }
  if (depth < 4 && error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1);
  if (depth < 4 && Array.isArray(error.errors))
    out.errors = error.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1));
  return out;
}

/**
 * The last guard, on the finished line: secrets redacted wherever they slipped in, and a line over the cap
 * replaced by a short JSON line saying what was cut, so every line stays one parseable JSON object.
 */
export function finishLogLine(line: string): string {
  const redacted = redactSecrets(line);
  if (Buffer.byteLength(redacted) <= MAX_LOG_LINE_BYTES) return redacted;
  let head: Record<string, unknown> = {};
  try {
    head = JSON.parse(redacted) as Record<string, unknown>;
  } catch {
    // not JSON: only the size is reported
  }
  const keep = ['level', 'time', 'service', 'msg', 'interactionId', 'userId', 'guildId'];
  const summary: Record<string, unknown> = {};
  for (const key of keep) if (key in head) summary[key] = head[key];
  const err = head.err as { type?: unknown; message?: unknown } | undefined;
  if (err && typeof err === 'object')
    summary.err = { type: err.type, message: cut(String(err.message ?? ''), 1000) };
  summary.cut = `log line of ${Buffer.byteLength(redacted)} bytes cut to its summary`;
  return `${JSON.stringify(summary)}\n`;
}

/** JSON lines on stdout (CloudWatch reads them as they are). Secrets are redacted wherever they appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'boksup' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          '*.token',
          'config.discordToken',
          'discordToken',
          'headers.authorization',
          'databaseUrl',
          '*.databaseUrl',
        ],
        censor: '[redacted]',
      },
      serializers: { err: serializeError, error: serializeError },
      hooks: { streamWrite: finishLogLine },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
