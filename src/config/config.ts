import { z } from 'zod';

/**
 * The process configuration, parsed once at start-up. Nothing else in the program reads `process.env`.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DATABASE_MODES = ['auto', 'server', 'embedded'] as const;
const SNOWFLAKE = /^\d{17,20}$/;

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const emptyAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

const port = (fallback: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a port number' })
      .int({ message: 'must be a whole number' })
      .min(0, { message: 'must be between 0 and 65535' })
      .max(65535, { message: 'must be between 0 and 65535' })
      .default(fallback),
  );

const envShape = z.object({
  DISCORD_TOKEN: optionalString(
    z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, {
      message: 'must look like a bot token (three dot-separated parts)',
    }),
  ),
  DISCORD_API_URL: optionalString(
    z.url({ message: 'must be an http(s) URL such as https://discord.com/api' }),
  ),
  GUILD_ID: optionalString(z.string().regex(SNOWFLAKE, { message: 'must be a server id (17-20 digits)' })),
  DATABASE_URL: optionalString(
    z.string().regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection URL' }),
  ),
  PGHOST: optionalString(z.string()),
  PGPORT: optionalString(
    z.coerce
      .number({ message: 'must be a port number' })
      .int({ message: 'must be a port number' })
      .min(1, { message: 'must be between 1 and 65535' })
      .max(65535, { message: 'must be between 1 and 65535' }),
  ),
  PGUSER: optionalString(z.string()),
  PGPASSWORD: optionalString(z.string()),
  PGDATABASE: optionalString(z.string()),
  PGSSLMODE: optionalString(
    z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'], {
      message: 'must be one of disable, allow, prefer, require, verify-ca, verify-full',
    }),
  ),
  DATABASE_MODE: z.preprocess(
    emptyAsUndefined,
    z.enum(DATABASE_MODES, { message: `must be one of ${DATABASE_MODES.join(', ')}` }).default('auto'),
  ),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  CONTENT_DIR: z.preprocess(emptyAsUndefined, z.string().default('./content')),
  HEALTH_PORT: port(8080),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  DEFAULT_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Asia/Seoul' })
      .default('Asia/Seoul'),
  ),
  GATEWAY_DOWN_GRACE_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a number of seconds' })
      .int({ message: 'must be a whole number of seconds' })
      .min(10, { message: 'must be at least 10' })
      .default(180),
  ),
  SHARD_COUNT: optionalString(
    z.coerce.number({ message: 'must be a whole number' }).int().min(1, { message: 'must be at least 1' }),
  ),
  SHARD_IDS: optionalString(
    z
      .string()
      .regex(/^\d+(,\d+)*$/, { message: 'must be a comma-separated list of shard numbers, e.g. 0,1' }),
  ),
});
type EnvShape = z.infer<typeof envShape>;

const envSchema = envShape.superRefine((env, ctx) => {
  const serverGiven = env.DATABASE_URL !== undefined || env.PGHOST !== undefined;
  // The image sets DATABASE_MODE=server: a container's disk is thrown away with it, so falling back to the
  // embedded database there would lose every member's progress on the next deploy, silently.
  if (env.DATABASE_MODE === 'server' && !serverGiven) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message:
        "is not set (nor PGHOST) and DATABASE_MODE is server: a container's local storage is thrown away on redeploy, so the embedded database is used only when asked for. Set DATABASE_URL or the PG* variables, or DATABASE_MODE=embedded to keep the data in DATA_DIR on purpose",
    });
  }
  if (env.DATABASE_MODE === 'embedded' && serverGiven) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_MODE'],
      message: 'is embedded but DATABASE_URL or PGHOST is set as well; unset one of them',
    });
  }
  if (env.DATABASE_URL !== undefined) {
    const problem = databaseUrlProblem(env.DATABASE_URL);
    if (problem) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: problem });
  } else if (env.PGHOST !== undefined && isPort(env.PGPORT)) {
    const problem = databaseUrlProblem(buildDatabaseUrl(env) ?? '');
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: ['PGHOST'],
        message: `with PGPORT, PGUSER, PGPASSWORD and PGDATABASE does not make a valid URL: ${problem.replace(/^is /, '')}`,
      });
  }
  if (env.SHARD_IDS !== undefined) {
    if (env.SHARD_COUNT === undefined) {
      ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'needs SHARD_COUNT to be set as well' });
      return;
    }
    const count = env.SHARD_COUNT;
    if (env.SHARD_IDS.split(',').some((id) => Number(id) >= count)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SHARD_IDS'],
        message: `must only list shards below SHARD_COUNT (${count})`,
      });
    }
  }
});

/** Refinements also run after a field failed; a bad PGPORT has its own message already. */
const isPort = (value: unknown) =>
  value === undefined || (Number.isInteger(value) && Number(value) >= 1 && Number(value) <= 65535);

/**
 * What is wrong with a connection URL, in words that never repeat it (it holds the password), or undefined when
 * postgres.js can parse it. postgres.js takes the hosts out of the URL (a list like `db1,db2:5433` is no URL host),
 * percent-decodes them and hands the rest to `new URL`, whose error carries the whole URL as `input`: the same
 * steps here turn each of its failures into a readable reason before anything opens a connection.
 */
function databaseUrlProblem(url: string): string | undefined {
  const authority = (url.slice(url.indexOf('://') + 3).split(/[?/]/)[0] ?? '').replace(/^[^@]*@/, '');
  try {
    const hosts = decodeURIComponent(authority);
    const parsed = new URL(url.replace(hosts, hosts.split(',')[0] ?? ''));
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
    return undefined;
  } catch (error) {
    if (error instanceof URIError)
      return 'has a malformed %-escape in the user name, password or host (write a literal % as %25)';
    return 'is not a valid URL: check the host, the port (a number up to 65535), and that / # ? @ : in the user name or password are percent-encoded (@ as %40, / as %2F)';
  }
}

export interface Config {
  discordToken: string | undefined;
  discordApiUrl: string | undefined;
  guildId: string | undefined;
  /** Where the data lives: `auto` resolves to `server` when DATABASE_URL or PGHOST is set, else `embedded`. */
  databaseMode: 'server' | 'embedded';
  /** Set exactly when `databaseMode` is `server`; unset means the embedded database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  contentDir: string;
  healthPort: number;
  logLevel: (typeof LOG_LEVELS)[number];
  defaultTimezone: string;
  shards: { count: number; ids: number[] } | undefined;
  /** How long the gateway may be down (reconnecting) before `/healthz` reports the process as not alive. */
  gatewayDownGraceSeconds: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Variables whose value must never appear in a message. */
const SECRET_VARIABLES = new Set(['DISCORD_TOKEN', 'DATABASE_URL', 'PGPASSWORD']);

function buildDatabaseUrl(env: EnvShape): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  // ECS injects the RDS secret's fields one by one; put them back together into one URL.
  if (!env.PGHOST) return undefined;
  const user = encodeURIComponent(env.PGUSER ?? 'postgres');
  const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : '';
  const database = encodeURIComponent(env.PGDATABASE ?? 'postgres');
  // postgres.js reads TLS from the URL, not from PGSSLMODE; RDS for PostgreSQL 16 requires it.
  const ssl = env.PGSSLMODE ? `?sslmode=${env.PGSSLMODE}` : '';
  return `postgres://${user}${password}@${env.PGHOST}:${env.PGPORT ?? '5432'}/${database}${ssl}`;
}

/**
 * Parses the environment. Throws a {@link ConfigError} whose message is one line per problem, naming the variable
 * and what it expects, and never the value of a secret.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const raw = env[variable];
      const shown = SECRET_VARIABLES.has(variable) || raw === undefined ? '' : ` (got "${raw}")`;
      return `${variable} ${issue.message}${shown}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const value = parsed.data;
  const databaseUrl = buildDatabaseUrl(value);
  return {
    discordToken: value.DISCORD_TOKEN,
    discordApiUrl: value.DISCORD_API_URL,
    guildId: value.GUILD_ID,
    databaseMode: databaseUrl === undefined ? 'embedded' : 'server',
    databaseUrl,
    dataDir: value.DATA_DIR,
    contentDir: value.CONTENT_DIR,
    healthPort: value.HEALTH_PORT,
    logLevel: value.LOG_LEVEL,
    defaultTimezone: value.DEFAULT_TIMEZONE,
    gatewayDownGraceSeconds: value.GATEWAY_DOWN_GRACE_SECONDS,
    shards:
      value.SHARD_COUNT === undefined
        ? undefined
        : {
            count: value.SHARD_COUNT,
            ids: value.SHARD_IDS
              ? value.SHARD_IDS.split(',').map(Number)
              : Array.from({ length: value.SHARD_COUNT }, (_, index) => index),
          },
  };
}
