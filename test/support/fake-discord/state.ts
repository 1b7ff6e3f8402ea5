// The fake's world: guilds, channels, users, messages with attachments, commands and interactions.
import { randomBytes } from 'node:crypto';
import type {
  CallbackRecord,
  CommandAttachment,
  DiscordUserObject,
  FakeAttachment,
  FakeGuildOptions,
  FakeMessage,
  FakeUser,
  Json,
} from './types.js';

const DISCORD_EPOCH = 1420070400000n;
let lastSnowflake = 0n;

/** A realistic, strictly increasing snowflake. */
export function snowflake(): string {
  const now = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = now > lastSnowflake ? now : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

export const shardOf = (guildId: string, shardCount: number): number =>
  Number((BigInt(guildId) >> 22n) % BigInt(shardCount));

/** Discord's default @everyone permissions: no ManageGuild (1 << 5), no Administrator. */
export const MEMBER_PERMISSIONS = '2248473465835073';
/** Every permission bit, Administrator included. */
export const ADMIN_PERMISSIONS = ((1n << 51n) - 1n).toString();
export const BOT_PERMISSIONS = MEMBER_PERMISSIONS;

export const MessageFlag = { SuppressEmbeds: 4, Ephemeral: 64, Loading: 128, ComponentsV2: 1 << 15 } as const;

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  channelId: string;
  joinedAt: string;
  /** The server's preferred locale (default 'ko'). */
  locale: string;
}
export interface Channel {
  id: string;
  type: 0 | 1;
  guildId?: string;
  recipientId?: string;
  name?: string;
}
export interface Interaction {
  id: string;
  token: string;
  type: number;
  guildId: string | null;
  channelId: string;
  user: DiscordUserObject;
  /** `authorizing_integration_owners` as sent. */
  owners: Json;
  payload: Json;
  dispatchedAt: number;
  deadline: number;
  acknowledged: boolean;
  message?: FakeMessage;
  callbacks: CallbackRecord[];
  originalId?: string;
  followUpIds: string[];
  settle?: (record: CallbackRecord) => void;
}
export interface UploadedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

export class FakeState {
  readonly token: string;
  readonly botUser: DiscordUserObject;
  readonly guilds = new Map<string, Guild>();
  readonly channels = new Map<string, Channel>();
  readonly users = new Map<string, DiscordUserObject>();
  readonly messages = new Map<string, FakeMessage>();
  readonly attachments = new Map<string, { bytes: Buffer; type: string }>();
  readonly commands = new Map<string, Json[]>(); // scope: 'global' or a guild id
  readonly interactions = new Map<string, Interaction>();
  readonly refusedDms = new Set<string>();
  commandPuts = 0;
  baseUrl = '';

  constructor(
    readonly applicationId: string,
    botUserId: string,
    botUsername: string,
  ) {
    this.botUser = {
      id: botUserId,
      username: botUsername,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      public_flags: 0,
      flags: 0,
    };
    // Shaped like a bot token (base64 user id, timestamp, HMAC) but signed by nobody.
    this.token = `${Buffer.from(botUserId).toString('base64url')}.FAKE00.${randomBytes(27).toString('base64url')}`;
  }

  addGuild(g: FakeGuildOptions): Guild {
    if (!/^\d{1,20}$/.test(g.id)) throw new Error(`guild id must be a snowflake: ${g.id}`);
    const guild: Guild = {
      id: g.id,
      name: g.name ?? `guild-${g.id.slice(-4)}`,
      ownerId: g.ownerId ?? snowflake(),
      channelId: snowflake(),
      joinedAt: new Date().toISOString(),
      locale: g.locale ?? 'ko',
    };
    this.guilds.set(guild.id, guild);
    this.channels.set(guild.channelId, { id: guild.channelId, type: 0, guildId: guild.id, name: 'general' });
    return guild;
  }

  rememberUser(u: FakeUser): DiscordUserObject {
    const user: DiscordUserObject = {
      id: u.id,
      username: u.username,
      discriminator: '0',
      global_name: null,
      avatar: null,
      public_flags: 0,
    };
    this.users.set(u.id, user);
    return user;
  }

  dmChannel(userId: string): Channel {
    for (const c of this.channels.values()) if (c.type === 1 && c.recipientId === userId) return c;
    const channel: Channel = { id: snowflake(), type: 1, recipientId: userId };
    this.channels.set(channel.id, channel);
    return channel;
  }

  channelObject(c: Channel): Json {
    if (c.type === 1) {
      const user = this.users.get(c.recipientId ?? '') ?? { id: c.recipientId, username: 'unknown' };
      return { id: c.id, type: 1, flags: 0, last_message_id: null, recipients: [user] };
    }
    return {
      id: c.id,
      type: 0,
      guild_id: c.guildId,
      name: c.name ?? 'general',
      position: 0,
      flags: 0,
      parent_id: null,
      topic: null,
      nsfw: false,
      rate_limit_per_user: 0,
      last_message_id: null,
      permission_overwrites: [],
    };
  }

  /** A guild object; with `gatewayFields`, the extra fields of a GUILD_CREATE dispatch. */
  guildObject(g: Guild, gatewayFields = false): Json {
    const guild: Json = {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      banner: null,
      description: null,
      owner_id: g.ownerId,
      preferred_locale: g.locale,
      features: [],
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_progress_bar_enabled: false,
      system_channel_id: g.channelId,
      afk_channel_id: null,
      afk_timeout: 300,
      application_id: null,
      vanity_url_code: null,
      emojis: [],
      stickers: [],
      roles: [
        {
          id: g.id,
          name: '@everyone',
          color: 0,
          hoist: false,
          icon: null,
          position: 0,
          permissions: MEMBER_PERMISSIONS,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
    };
    if (!gatewayFields) return guild;
    const channels = [...this.channels.values()].filter((c) => c.guildId === g.id);
    return {
      ...guild,
      unavailable: false,
      joined_at: g.joinedAt,
      large: false,
      member_count: 2,
      channels: channels.map((c) => this.channelObject(c)),
      members: [this.memberObject(g, this.botUser)],
      presences: [],
      voice_states: [],
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  memberObject(g: Guild, user: DiscordUserObject): Json {
    return {
      user,
      roles: [],
      joined_at: g.joinedAt,
      nick: null,
      avatar: null,
      deaf: false,
      mute: false,
      pending: false,
      premium_since: null,
      communication_disabled_until: null,
      flags: 0,
    };
  }

  createMessage(
    channelId: string,
    body: Json,
    files: Map<string, UploadedFile>,
    extra: Partial<FakeMessage>,
  ) {
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...extra,
    };
    this.applyBody(message, body, files);
    this.messages.set(message.id, message);
    return message;
  }

  /** Applies a create or edit body: Discord's edit semantics (omitted fields are kept). */
  applyBody(message: FakeMessage, body: Json, files: Map<string, UploadedFile>, edit = false): void {
    if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body)
      message.embeds = asArray(body.embeds).map((e) => ({ type: 'rich', ...(e as Json) }));
    if ('components' in body) message.components = asArray(body.components) as FakeMessage['components'];
    if (edit) {
      const flags = typeof body.flags === 'number' ? body.flags : 0;
      const kept = message.flags & ~(MessageFlag.Loading | MessageFlag.SuppressEmbeds);
      message.flags = kept | (flags & (MessageFlag.SuppressEmbeds | MessageFlag.ComponentsV2));
      message.edited_timestamp = new Date().toISOString();
    }
    const unused = new Map(files);
    let next = [...message.attachments];
    if (Array.isArray(body.attachments)) {
      next = [];
      for (const a of body.attachments as Json[]) {
        const existing = message.attachments.find((x) => x.id === String(a.id));
        const file = files.get(`files[${String(a.id)}]`);
        unused.delete(`files[${String(a.id)}]`);
        if (existing) next.push(existing);
        else if (file) next.push(this.storeAttachment(message.channel_id, file, a));
      }
    }
    for (const file of unused.values()) next.push(this.storeAttachment(message.channel_id, file, {}));
    message.attachments = next;
  }

  private storeAttachment(channelId: string, file: UploadedFile, meta: Json): FakeAttachment {
    const id = snowflake();
    const filename = typeof meta.filename === 'string' ? meta.filename : file.name;
    const url = `${this.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    this.attachments.set(url, { bytes: file.bytes, type: file.type });
    const attachment: FakeAttachment = { id, filename, size: file.bytes.length, url, proxy_url: url };
    if (file.type) attachment.content_type = file.type;
    if (typeof meta.description === 'string') attachment.description = meta.description;
    const png = file.bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';
    if (png && file.bytes.length >= 24) {
      attachment.width = file.bytes.readUInt32BE(16);
      attachment.height = file.bytes.readUInt32BE(20);
    }
    return attachment;
  }

  /** Stores a file attached to a slash command where Discord keeps those: `ephemeral-attachments/<app>/<id>/<name>`. */
  storeCommandAttachment(file: CommandAttachment): FakeAttachment {
    const id = snowflake();
    const url = `${this.baseUrl}/ephemeral-attachments/${this.applicationId}/${id}/${encodeURIComponent(file.name)}`;
    const type = file.contentType ?? '';
    this.attachments.set(url, { bytes: Buffer.from(file.bytes), type });
    const attachment: FakeAttachment = {
      id,
      filename: file.name,
      size: file.reportedSize ?? file.bytes.length,
      url,
      proxy_url: url,
      ephemeral: true,
    };
    if (type) attachment.content_type = type;
    return attachment;
  }

  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  scopeCommands(guildId?: string): Json[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  /** Bulk overwrite: commands keep their id when name and type match, as on Discord. */
  putCommands(body: Json[], guildId?: string): Json[] {
    const previous = this.scopeCommands(guildId);
    const list = body.map((c) => this.commandObject(c, previous, guildId));
    this.commands.set(guildId ?? 'global', list);
    this.commandPuts++;
    return list;
  }

  commandObject(c: Json, previous: Json[], guildId?: string): Json {
    const same = previous.find((p) => p.name === c.name && (p.type ?? 1) === (c.type ?? 1));
    return {
      type: 1,
      description: '',
      default_member_permissions: null,
      nsfw: false,
      ...c,
      id: same?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }
}

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asObject = (v: unknown): Json =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
