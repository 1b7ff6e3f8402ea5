// Public types of the fake Discord used by end-to-end tests.

export type Json = Record<string, unknown>;

/** A Discord user as a test describes it. `locale` defaults to 'ko'. */
export interface FakeUser {
  id: string;
  username: string;
  locale?: string;
  /** Role ids the member has in the guild. */
  roles?: string[];
}

export interface FakeGuildOptions {
  id: string;
  name?: string;
  ownerId?: string;
  /** The server's preferred locale (default 'ko'). */
  locale?: string;
}

export interface FakeDiscordOptions {
  guilds?: FakeGuildOptions[];
  botUserId?: string;
  botUsername?: string;
  applicationId?: string;
  /** `shards` answered by GET /gateway/bot (default 1). */
  recommendedShards?: number;
  /** The first callback must arrive within this time, as on Discord (default 3000 ms). */
  interactionDeadlineMs?: number;
  heartbeatIntervalMs?: number;
  /** sendCommand refuses commands the bot has not registered (default true). */
  strictCommands?: boolean;
}

/** A message component as Discord returns it (only the fields the fake reads are typed). */
export interface FakeComponent {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  components?: FakeComponent[];
  component?: FakeComponent;
  options?: { value: string; label?: string }[];
  min_values?: number;
  max_values?: number;
  [key: string]: unknown;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  description?: string;
  width?: number;
  height?: number;
  /** Files a member attached to a slash command are ephemeral: Discord keeps them only for a while. */
  ephemeral?: boolean;
}

/** A file a member picks for an attachment option of a slash command. */
export interface CommandAttachment {
  name: string;
  bytes: Uint8Array;
  contentType?: string;
  /** The size Discord reports (defaults to the byte length): lets a test claim a file too large to send. */
  reportedSize?: number;
}

export interface DiscordUserObject {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
  flags?: number;
  locale?: string;
}

/** A complete Discord message object, as REST answers it. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  author: DiscordUserObject;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: string[];
  attachments: FakeAttachment[];
  embeds: Json[];
  components: FakeComponent[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Json;
}

export interface CallbackRecord {
  interactionId: string;
  type: number;
  data?: Json;
  /** HTTP status the fake answered (204/200 accepted, 400 already acknowledged or invalid, 404 too late). */
  status: number;
  withResponse: boolean;
  at: number;
  /** The message the callback produced or changed (type 4, 5, 6, 7). */
  message?: FakeMessage;
  /** Why the fake refused it (status 400/404). */
  error?: string;
}

export interface InteractionOutcome {
  interactionId: string;
  token: string;
  callback: { type: number; data?: Json };
  /** Type 4: the new reply; 5: the loading message; 6/7: the component's message; 9: undefined. */
  message: FakeMessage | undefined;
  latencyMs: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  body: unknown;
  status: number;
  at: number;
}

/** A REST failure to answer instead of the route's own reply, e.g. a 500 or a 400 for a callback. */
export interface RequestFault {
  method: string;
  /** Matched against the decoded path without /api/v10, e.g. /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/. */
  path: RegExp;
  status: number;
  code?: number;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface ValidationFailure {
  method: string;
  path: string;
  errors: string;
}

interface InteractionBase {
  user: FakeUser;
  /** Undefined: the first configured guild; null: a DM with the bot. */
  guildId?: string | null;
  channelId?: string;
  /** Member permissions in the guild (default MEMBER_PERMISSIONS, which lacks ManageGuild). */
  memberPermissions?: string;
  /**
   * A DM or group DM between users (context 2) instead of a server or the bot's DM. Needs the member to have
   * installed the app (`installForUser`). A `guildId` the bot is not in stands for such a member using the app in
   * a server without the bot.
   */
  privateChannel?: boolean;
}

export interface SendCommandParams extends InteractionBase {
  name: string;
  options?: unknown[];
  resolved?: Json;
  /**
   * Attachment options by name. As on Discord, each becomes an option of type 11 whose value is an attachment id,
   * the attachment object sits in `data.resolved.attachments`, and its bytes are served at its `url`.
   */
  attachments?: Record<string, CommandAttachment>;
}

export interface ClickButtonParams extends Omit<InteractionBase, 'guildId' | 'channelId'> {
  /** The message carrying the component; the fake uses its own latest version of it. */
  message: FakeMessage;
  customId: string;
  /** Click the message as given, not as it is now (a stale screen on another device, a double click). */
  asSeen?: boolean;
}

export interface SelectMenuParams extends ClickButtonParams {
  values: string[];
}

export interface SubmitModalParams extends InteractionBase {
  customId: string;
  /** Text input custom_id → value (a string[] for select menus inside a modal). */
  fields: Record<string, string | string[]>;
  /** Defaults to the message of the component interaction that opened the modal, if any. */
  message?: FakeMessage;
}

export interface FakeDiscord {
  apiUrl: string;
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  readonly identifies: number;
  readonly commandPuts: number;
  readonly validationErrors: ValidationFailure[];
  readonly requests: RequestRecord[];
  /** Requests no route answered (404 `{ message: '404: Not Found', code: 0 }`). */
  readonly unknownRoutes: { method: string; path: string }[];
  gatewayConnections(): number;
  /** Resolves once `count` connections are ready (READY and every GUILD_CREATE sent, or RESUMED). */
  waitForReady(count?: number): Promise<void>;
  guildChannelId(guildId: string): string;
  dmChannelId(userId: string): string;
  registeredCommands(scope?: { guildId?: string }): Json[];
  sendCommand(p: SendCommandParams): Promise<InteractionOutcome>;
  clickButton(p: ClickButtonParams): Promise<InteractionOutcome>;
  selectMenu(p: SelectMenuParams): Promise<InteractionOutcome>;
  submitModal(p: SubmitModalParams): Promise<InteractionOutcome>;
  /** Sends a raw dispatch (default INTERACTION_CREATE) to every ready connection. */
  dispatchRaw(d: unknown, t?: string): void;
  callbacksFor(interactionId: string): CallbackRecord[];
  originalMessage(interactionId: string): FakeMessage | undefined;
  followUps(interactionId: string): FakeMessage[];
  message(messageId: string): FakeMessage | undefined;
  channelMessages(channelId: string): FakeMessage[];
  dmMessages(userId: string): FakeMessage[];
  attachmentBytes(url: string): Buffer | undefined;
  refuseDmsFrom(userId: string): void;
  /** The member installs the app to their account (user install): it follows them to any server and DM. */
  installForUser(userId: string): void;
  addGuild(guild: FakeGuildOptions): void;
  removeGuild(guildId: string): void;
  disconnectAll(closeCode?: number): void;
  /** While closed, gateway connections are refused (an outage): clients keep trying to reconnect. */
  setGatewayOpen(open: boolean): void;
  /** Answers the next matching requests with the fault's status instead of handling them. */
  failRequests(fault: RequestFault): void;
  close(): Promise<void>;
}
