import { type Client, Events, Status } from 'discord.js';

/**
 * Close codes after which discord.js stops reconnecting (its UNRECOVERABLE_CLOSE_CODES, reported as
 * `shardDisconnect`), each with what the operator has to fix. A process left in that state is offline for good.
 */
const UNRECOVERABLE: Record<number, string> = {
  4004: 'Discord rejected the bot token: set DISCORD_TOKEN to the current token of the bot',
  4010: 'Discord refused the shard: check SHARD_COUNT and SHARD_IDS',
  4011: 'Discord requires sharding: set SHARD_COUNT (see "Scaling out" in the README)',
  4012: 'Discord refused the gateway API version: update discord.js',
  4013: 'Discord refused the gateway intents as invalid',
  4014: 'Discord refused a privileged gateway intent the application is not allowed',
};

export function describeGatewayClose(code: number): string {
  return UNRECOVERABLE[code] ?? 'Discord closed the gateway and does not allow it to resume';
}

export interface GatewayWatch {
  /** False once the gateway has been down (not every shard ready) for longer than the grace period. */
  alive(): boolean;
}

/**
 * Tracks since when the gateway has been down. A reconnect that succeeds within the grace period is normal (Discord
 * asks for them); one that never does leaves a process that answers nothing, which liveness must report.
 */
export function watchGateway(
  client: Client,
  options: { clock: () => Date; graceMs: number; onLost: (code: number, shardId: number) => void },
): GatewayWatch {
  let downSince: number | undefined;
  const allReady = () =>
    client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
  const markDown = () => {
    downSince ??= options.clock().getTime();
  };
  const markUp = () => {
    if (allReady()) downSince = undefined;
  };
  client.on(Events.ShardReconnecting, markDown);
  client.on(Events.ShardError, markDown);
  client.on(Events.ShardReady, markUp);
  client.on(Events.ShardResume, markUp);
  client.on(Events.ShardDisconnect, (event, shardId) => {
    markDown();
    options.onLost(event.code, shardId);
  });
  return {
    alive() {
      if (allReady()) {
        downSince = undefined;
        return true;
      }
      // Down without an event seen (a shard still connecting): count from the first look.
      markDown();
      return options.clock().getTime() - (downSince ?? 0) <= options.graceMs;
    },
  };
}
