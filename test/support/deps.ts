import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from '../../src/config/config.js';
import type { ContentCatalog } from '../../src/content/catalog.js';
import type { Database, SqlClient } from '../../src/db/client.js';
import type { Deps } from '../../src/deps.js';
import type { Ports } from '../../src/services/ports.js';

/** What the ports were asked to send, in order, for a test to read. */
export type PortCall =
  | { port: 'quiz'; kind: 'post' | 'edit'; channelId: string; screen: string }
  | { port: 'reminders'; target: string; userId: string }
  | { port: 'weeklyBoard'; channelId: string; listed: string[] };

/** Ports that accept everything and record it, for services driven without a Discord client. */
export function recordingPorts(calls: PortCall[] = []): Ports & { calls: PortCall[] } {
  return {
    calls,
    quiz: {
      post: async (channelId, screen) => {
        calls.push({ port: 'quiz', kind: 'post', channelId, screen: screen.type });
        return String(calls.length);
      },
      edit: async (channelId, _messageId, screen) => {
        calls.push({ port: 'quiz', kind: 'edit', channelId, screen: screen.type });
        return true;
      },
    },
    reminders: {
      send: async (target, notice) => {
        calls.push({ port: 'reminders', target: target.kind, userId: notice.userId });
        return 'sent';
      },
    },
    weeklyBoard: async (channelId, post) => {
      calls.push({ port: 'weeklyBoard', channelId, listed: post.board.top.map((row) => row.userId) });
      return 'posted';
    },
  };
}

/**
 * The `deps` a service test builds around its own database, as the composition root would: a silent log, a fixed
 * sequence of seeds (shuffles are the same on every run), and recording ports.
 */
export function testDeps(p: {
  db: Database;
  /** Defaults to the postgres.js client `db` was made with (drizzle's `$client`). */
  sql?: SqlClient;
  clock: () => Date;
  catalog: ContentCatalog;
  config: Config;
  instanceId?: string;
  log?: Logger;
  ports?: Ports;
}): Deps {
  let seed = 0;
  return {
    db: p.db,
    sql: p.sql ?? (p.db as unknown as { $client: SqlClient }).$client,
    log: p.log ?? pino({ level: 'silent' }),
    clock: p.clock,
    seed: () => (seed = (seed % 1_000_000) + 7919),
    catalog: p.catalog,
    config: p.config,
    instanceId: p.instanceId ?? 'test',
    ports: p.ports ?? recordingPorts(),
  };
}
