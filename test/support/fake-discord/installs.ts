// Where an interaction happens and through which installation, as Discord tells an app since user installs:
// `context` (0 server, 1 DM with the bot, 2 a DM or group DM between users), `authorizing_integration_owners` and
// `app_permissions`. A server the bot is not in (the member installed the app to their account) and private
// channels live here, apart from the servers the bot joined.
import { type Channel, type FakeState, type Guild, snowflake } from './state.js';
import type { Json } from './types.js';

export const IntegrationType = { Guild: 0, User: 1 } as const;
export const InteractionContext = { Guild: 0, BotDm: 1, PrivateChannel: 2 } as const;

/**
 * What an app may do where the bot is not a member: attach files, embed links and mention everyone, plus use
 * external emojis in its own DM (Discord's documented set for DMs and user installs). Nothing lets it read or post
 * in the channel with its bot token; it answers through the interaction's webhook only.
 */
export const DM_APP_PERMISSIONS = ((1n << 15n) | (1n << 14n) | (1n << 17n)).toString();
export const BOT_DM_APP_PERMISSIONS = ((1n << 15n) | (1n << 14n) | (1n << 17n) | (1n << 18n)).toString();

/** Where an interaction comes from. */
export type Place =
  | { kind: 'guild'; guild: Guild }
  | { kind: 'foreign-guild'; guild: Guild }
  | { kind: 'bot-dm' }
  | { kind: 'private-channel'; channel: Channel };

export class Installs {
  /** Members who installed the app to their account. */
  readonly users = new Set<string>();
  /** Servers the bot is not in, met through a member's user install. */
  readonly foreignGuilds = new Map<string, Guild>();
  /** DMs and group DMs between users: not the bot's DM, so kept out of `FakeState.dmChannel`. */
  readonly privateChannels = new Map<string, Channel>();

  constructor(private readonly state: FakeState) {}

  /** A server the bot is not in; created on first use with one text channel. */
  foreignGuild(guildId: string, locale = 'ko'): Guild {
    const existing = this.foreignGuilds.get(guildId);
    if (existing) return existing;
    if (!/^\d{1,20}$/.test(guildId)) throw new Error(`guild id must be a snowflake: ${guildId}`);
    const guild: Guild = {
      id: guildId,
      name: `guild-${guildId.slice(-4)}`,
      ownerId: snowflake(),
      channelId: snowflake(),
      joinedAt: new Date().toISOString(),
      locale,
    };
    this.foreignGuilds.set(guildId, guild);
    this.state.channels.set(guild.channelId, { id: guild.channelId, type: 0, guildId, name: 'general' });
    return guild;
  }

  /** A DM between the member and someone else (context 2), one per member. */
  privateChannel(userId: string): Channel {
    for (const c of this.privateChannels.values()) if (c.recipientId === userId) return c;
    const channel: Channel = { id: snowflake(), type: 1, recipientId: userId };
    this.privateChannels.set(channel.id, channel);
    return channel;
  }

  /** The place of a message's channel, for components clicked on it. */
  placeOfChannel(channelId: string): Place {
    const privateChannel = this.privateChannels.get(channelId);
    if (privateChannel) return { kind: 'private-channel', channel: privateChannel };
    const guildId = this.state.channels.get(channelId)?.guildId;
    const hosted = guildId === undefined ? undefined : this.state.guilds.get(guildId);
    if (hosted) return { kind: 'guild', guild: hosted };
    const foreign = guildId === undefined ? undefined : this.foreignGuilds.get(guildId);
    if (foreign) return { kind: 'foreign-guild', guild: foreign };
    return { kind: 'bot-dm' };
  }

  /** The place a test names: a hosted server, a server the bot is not in (user install), or a DM. */
  placeOf(guildId: string | null, userId: string, privateChannel: boolean): Place {
    if (privateChannel) {
      if (!this.users.has(userId))
        throw new Error(`user ${userId} has not installed the app: no private channel`);
      return { kind: 'private-channel', channel: this.privateChannel(userId) };
    }
    if (guildId === null) return { kind: 'bot-dm' };
    const hosted = this.state.guilds.get(guildId);
    if (hosted) return { kind: 'guild', guild: hosted };
    if (!this.users.has(userId)) {
      throw new Error(
        `unknown guild ${guildId} (the bot is not in it and user ${userId} has not installed the app)`,
      );
    }
    return { kind: 'foreign-guild', guild: this.foreignGuild(guildId) };
  }

  /**
   * The installation keys Discord sends: a key per installation the app has here and the command allows (guild
   * install: the server's id, or "0" in the bot's DM; user install: the member's id).
   */
  owners(place: Place, userId: string, integrationTypes: readonly number[]): Json {
    const owners: Json = {};
    const guildInstalled = place.kind === 'guild' || place.kind === 'bot-dm';
    if (guildInstalled && integrationTypes.includes(IntegrationType.Guild))
      owners[IntegrationType.Guild] = place.kind === 'guild' ? place.guild.id : '0';
    if (this.users.has(userId) && integrationTypes.includes(IntegrationType.User))
      owners[IntegrationType.User] = userId;
    return owners;
  }

  /** Why Discord would not offer this command here, or undefined when it would. */
  refusal(command: Json, place: Place, userId: string): string | undefined {
    const types = integrationTypesOf(command);
    const contexts = Array.isArray(command.contexts) ? (command.contexts as number[]) : undefined;
    const context = contextOf(place);
    if (contexts ? !contexts.includes(context) : place.kind === 'bot-dm' && command.dm_permission === false)
      return `not available in context ${context} (contexts ${JSON.stringify(contexts ?? 'default')})`;
    if (Object.keys(this.owners(place, userId, types)).length === 0)
      return `no installation allows it here (integration_types ${JSON.stringify(types)})`;
    return undefined;
  }
}

/** A command without `integration_types` is a guild-install command, as on Discord. */
export const integrationTypesOf = (command: Json | undefined): number[] =>
  Array.isArray(command?.integration_types)
    ? (command.integration_types as number[])
    : [IntegrationType.Guild];

export function contextOf(place: Place): number {
  if (place.kind === 'guild' || place.kind === 'foreign-guild') return InteractionContext.Guild;
  return place.kind === 'bot-dm' ? InteractionContext.BotDm : InteractionContext.PrivateChannel;
}

export function appPermissionsOf(place: Place, botPermissions: string): string {
  if (place.kind === 'guild') return botPermissions;
  return place.kind === 'bot-dm' ? BOT_DM_APP_PERMISSIONS : DM_APP_PERMISSIONS;
}

/** A private channel as Discord describes it in the interaction: its recipients are the other participants. */
export function privateChannelObject(channel: Channel): Json {
  const friend = {
    id: '1',
    username: 'friend',
    discriminator: '0',
    global_name: null,
    avatar: null,
    public_flags: 0,
  };
  return { id: channel.id, type: 1, flags: 0, last_message_id: null, recipients: [friend] };
}
