import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Config } from '../config/config.js';

/**
 * The gateway client. Interactions arrive without any privileged intent; `Guilds` is kept so the bot knows which
 * servers it is in. Caches the bot does not read are switched off, so memory stays flat as servers are added.
 */
export function createDiscordClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    partials: [Partials.Channel],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      BaseGuildEmojiManager: 0,
      UserManager: { maxSize: 1_000 },
    }),
    sweepers: { ...Options.DefaultSweeperSettings },
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
    ...(config.shards ? { shards: config.shards.ids, shardCount: config.shards.count } : {}),
  });
}
