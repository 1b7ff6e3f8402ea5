import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBB.CCCCCCCCCCCCCCCCCCCCCCCCCCC';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      dataDir: './data',
      contentDir: './content',
      healthPort: 8080,
      logLevel: 'info',
      defaultTimezone: 'Asia/Seoul',
      databaseMode: 'embedded',
      databaseUrl: undefined,
      discordToken: undefined,
      shards: undefined,
    });
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(parseConfig({ DATABASE_URL: '', GUILD_ID: '', HEALTH_PORT: '' }).healthPort).toBe(8080);
  });

  it('names the variable and what it expects, one line per problem', () => {
    expect(problems({ HEALTH_PORT: 'abc', DEFAULT_TIMEZONE: 'Mars/Base', LOG_LEVEL: 'loud' })).toEqual([
      'HEALTH_PORT must be a port number (got "abc")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'DEFAULT_TIMEZONE must be an IANA time zone such as Asia/Seoul (got "Mars/Base")',
    ]);
  });

  it('never repeats the value of a secret', () => {
    const lines = problems({
      DISCORD_TOKEN: 'not-a-token-secret-value',
      DATABASE_URL: 'mysql://user:hunter2@db/x',
    });
    expect(lines.join('\n')).not.toContain('not-a-token-secret-value');
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines).toHaveLength(2);
  });

  it('refuses a DATABASE_URL postgres.js cannot parse, naming what is wrong and never echoing it', () => {
    const password = 's3cret-Pw';
    const cases: [string, RegExp][] = [
      [`postgres://bob:${password}@db:54x2/app`, /not a valid URL/],
      [`postgres://bob:${password}@db:99999/app`, /not a valid URL/],
      [`postgres://bob:${password}@[::1/app`, /not a valid URL/],
      [`postgres://bob:${password}@/app`, /not a valid URL/],
      [`postgres://bob:pa/${password}@db/app`, /not a valid URL/],
      [`postgres://bob:${password}%zz@db/app`, /malformed %-escape/],
    ];
    for (const [url, reason] of cases) {
      const lines = problems({ DATABASE_URL: url });
      expect(lines, url).toHaveLength(1);
      expect(lines[0], url).toMatch(/^DATABASE_URL /);
      expect(lines[0], url).toMatch(reason);
      expect(lines[0], url).not.toContain(password);
      expect(lines[0], url).not.toContain('bob');
    }
    // What postgres.js does accept stays accepted: several hosts, an unencoded @ in the password, a socket host.
    for (const url of [
      'postgres://bob:pw@db1,db2:5433/app',
      'postgres://bob:p@ss@db/app',
      'postgresql://bob@localhost/app?host=/var/run/postgresql',
      'postgres://127.0.0.1:5432/postgres?sslmode=require',
    ])
      expect(parseConfig({ DATABASE_URL: url }).databaseUrl, url).toBe(url);
  });

  it('refuses PG* variables that do not make a valid URL, without echoing the password', () => {
    const lines = problems({ PGHOST: 'db:x', PGPASSWORD: 'hunter2' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PGHOST /);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(problems({ PGHOST: 'db', PGPORT: '99999' })).toEqual([
      'PGPORT must be between 1 and 65535 (got "99999")',
    ]);
  });

  it('accepts a token and builds the database URL from PG* variables when DATABASE_URL is absent', () => {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      PGHOST: 'db.internal',
      PGUSER: 'boksup',
      PGPASSWORD: 'p@ss',
      PGDATABASE: 'boksup',
    });
    expect(config.discordToken).toBe(TOKEN);
    expect(config.databaseUrl).toBe('postgres://boksup:p%40ss@db.internal:5432/boksup');
    expect(parseConfig({ PGHOST: 'rds', PGSSLMODE: 'require' }).databaseUrl).toBe(
      'postgres://postgres@rds:5432/postgres?sslmode=require',
    );
  });

  it('splits shards between processes and refuses shards outside the count', () => {
    expect(parseConfig({ SHARD_COUNT: '4', SHARD_IDS: '2,3' }).shards).toEqual({ count: 4, ids: [2, 3] });
    expect(parseConfig({ SHARD_COUNT: '2' }).shards).toEqual({ count: 2, ids: [0, 1] });
    expect(problems({ SHARD_COUNT: '2', SHARD_IDS: '2' })).toEqual([
      'SHARD_IDS must only list shards below SHARD_COUNT (2) (got "2")',
    ]);
    expect(problems({ SHARD_IDS: '0' })).toEqual(['SHARD_IDS needs SHARD_COUNT to be set as well (got "0")']);
  });

  it('chooses the server when one is configured and the embedded database otherwise (DATABASE_MODE=auto)', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://db/boksup' }).databaseMode).toBe('server');
    expect(parseConfig({ PGHOST: 'db.internal' }).databaseMode).toBe('server');
    expect(parseConfig({ DATABASE_MODE: 'auto' }).databaseMode).toBe('embedded');
  });

  it('refuses DATABASE_MODE=server without a database, in one line saying why and how to proceed', () => {
    const lines = problems({ DATABASE_MODE: 'server', DATABASE_URL: '', PGHOST: '' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^DATABASE_URL is not set \(nor PGHOST\) and DATABASE_MODE is server: /);
    expect(lines[0]).toContain('thrown away on redeploy');
    expect(lines[0]).toContain('DATABASE_MODE=embedded');
    expect(parseConfig({ DATABASE_MODE: 'server', PGHOST: 'db.internal' }).databaseMode).toBe('server');
  });

  it('takes the embedded database only when asked, and refuses a server configured beside it', () => {
    expect(parseConfig({ DATABASE_MODE: 'embedded', DATA_DIR: '/data' })).toMatchObject({
      databaseMode: 'embedded',
      databaseUrl: undefined,
      dataDir: '/data',
    });
    expect(problems({ DATABASE_MODE: 'embedded', DATABASE_URL: 'postgres://db/boksup' })).toEqual([
      'DATABASE_MODE is embedded but DATABASE_URL or PGHOST is set as well; unset one of them (got "embedded")',
    ]);
    expect(problems({ DATABASE_MODE: 'remote' })).toEqual([
      'DATABASE_MODE must be one of auto, server, embedded (got "remote")',
    ]);
  });
});
