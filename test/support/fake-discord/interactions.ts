// Interactions: INTERACTION_CREATE payloads as Discord sends them, dispatch to the gateway, callbacks.
import { randomBytes } from 'node:crypto';
import type { Gateway } from './gateway.js';
import {
  appPermissionsOf,
  contextOf,
  type Installs,
  IntegrationType,
  integrationTypesOf,
  type Place,
  privateChannelObject,
} from './installs.js';
import {
  asArray,
  asObject,
  BOT_PERMISSIONS,
  type Channel,
  type FakeState,
  type Interaction,
  MEMBER_PERMISSIONS,
  MessageFlag,
  snowflake,
  type UploadedFile,
} from './state.js';
import type {
  CallbackRecord,
  ClickButtonParams,
  FakeComponent,
  FakeMessage,
  FakeUser,
  InteractionOutcome,
  Json,
  SelectMenuParams,
  SendCommandParams,
  SubmitModalParams,
} from './types.js';

export interface Reply {
  status: number;
  body?: unknown;
}
export const errorReply = (status: number, code: number, message: string, errors?: Json): Reply => ({
  status,
  body: errors ? { message, code, errors } : { message, code },
});

const InteractionType = { Command: 2, Component: 3, ModalSubmit: 5 } as const;
/** Callback types Discord accepts per interaction type (6 and 7 also need a message). */
const ALLOWED_CALLBACKS: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 5: [4, 5, 6, 7] };

export class Interactions {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; reject: (e: Error) => void }>();

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Gateway,
    private readonly deadlineMs: number,
    private readonly strictCommands: boolean,
    private readonly installs: Installs,
  ) {}

  async sendCommand(p: SendCommandParams): Promise<InteractionOutcome> {
    const guildId = p.guildId === undefined ? (this.state.guilds.keys().next().value ?? null) : p.guildId;
    const place = this.installs.placeOf(guildId, p.user.id, p.privateChannel === true);
    const global = this.state.scopeCommands().find((c) => c.name === p.name);
    // Guild commands exist only where the bot was added; elsewhere a user install offers the global ones.
    const hosted = place.kind === 'guild' ? place.guild.id : undefined;
    const command = (hosted && this.state.scopeCommands(hosted).find((c) => c.name === p.name)) || global;
    if (this.strictCommands) this.checkCommand(p, command, place);
    const it = this.create(InteractionType.Command, p.user, place, {
      channelId: p.channelId,
      perms: p.memberPermissions,
      integrationTypes: integrationTypesOf(command),
    });
    const { options, resolved } = this.attachFiles(p);
    it.payload.data = {
      id: command?.id ?? snowflake(),
      name: p.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(options ? { options } : {}),
      ...(resolved ? { resolved } : {}),
    };
    return this.dispatch(it, `/${p.name}`);
  }

  /**
   * Stores each attached file and points its option at it, as Discord does: an option of type 11 whose value
   * names the key in `attachments` (at any depth, for subcommands) gets the attachment id; a key no option names
   * becomes a top-level option. The attachment objects go to `resolved.attachments`.
   */
  private attachFiles(p: SendCommandParams): { options?: unknown[]; resolved?: Json } {
    const entries = Object.entries(p.attachments ?? {});
    if (entries.length === 0) return { options: p.options, resolved: p.resolved };
    const stored = new Map(entries.map(([key, file]) => [key, this.state.storeCommandAttachment(file)]));
    const used = new Set<string>();
    const rewrite = (list: unknown[]): unknown[] =>
      list.map((raw) => {
        const option = asObject(raw);
        const attachment = typeof option.value === 'string' ? stored.get(option.value) : undefined;
        if (option.type === 11 && attachment && typeof option.value === 'string') {
          used.add(option.value);
          return { ...option, value: attachment.id };
        }
        return Array.isArray(option.options) ? { ...option, options: rewrite(option.options) } : raw;
      });
    const options = rewrite(p.options ?? []);
    for (const [key, attachment] of stored)
      if (!used.has(key)) options.push({ name: key, type: 11, value: attachment.id });
    const resolvedBase = asObject(p.resolved);
    const attachments = {
      ...asObject(resolvedBase.attachments),
      ...Object.fromEntries([...stored.values()].map((a) => [a.id, a])),
    };
    return { options, resolved: { ...resolvedBase, attachments } };
  }

  private checkCommand(p: SendCommandParams, command: Json | undefined, place: Place): void {
    const where =
      place.kind === 'guild' || place.kind === 'foreign-guild' ? `guild ${place.guild.id}` : 'DMs';
    if (!command) throw new Error(`/${p.name} is not registered for ${where}`);
    const refusal = this.installs.refusal(command, place, p.user.id);
    if (refusal) throw new Error(`/${p.name} is not offered in ${where}: ${refusal}`);
    const needed = command.default_member_permissions;
    const perms = BigInt(p.memberPermissions ?? MEMBER_PERMISSIONS);
    if (
      contextOf(place) === 0 &&
      typeof needed === 'string' &&
      (perms & 8n) === 0n &&
      (perms & BigInt(needed)) !== BigInt(needed)
    ) {
      throw new Error(`/${p.name} needs permissions ${needed}: Discord hides it from this member`);
    }
  }

  async clickButton(p: ClickButtonParams): Promise<InteractionOutcome> {
    return this.component(p, undefined);
  }

  async selectMenu(p: SelectMenuParams): Promise<InteractionOutcome> {
    return this.component(p, p.values);
  }

  private async component(p: ClickButtonParams, values: string[] | undefined): Promise<InteractionOutcome> {
    // `asSeen` clicks the message as the caller holds it: a second device or a double click that Discord delivers
    // before the first click's update has reached the client.
    const message = p.asSeen ? p.message : (this.state.messages.get(p.message.id) ?? p.message);
    if (!p.asSeen) this.state.messages.set(message.id, message);
    const component = findComponent(message.components, p.customId);
    const ids = allComponents(message.components).flatMap((c) => c.custom_id ?? []);
    if (!component)
      throw new Error(`no component "${p.customId}" on message ${message.id} (has ${ids.join(', ')})`);
    if (component.disabled) throw new Error(`component "${p.customId}" is disabled`);
    if ((values === undefined) !== (component.type === 2)) {
      throw new Error(
        `component "${p.customId}" has type ${component.type}: use ${values ? 'clickButton' : 'selectMenu'}`,
      );
    }
    if (values && component.type === 3) {
      const known = new Set((component.options ?? []).map((o) => o.value));
      const [min, max] = [component.min_values ?? 1, component.max_values ?? 1];
      if (values.some((v) => !known.has(v)) || values.length < min || values.length > max) {
        throw new Error(`values ${JSON.stringify(values)} are not a valid choice for "${p.customId}"`);
      }
    }
    const it = this.create(
      InteractionType.Component,
      p.user,
      this.installs.placeOfChannel(message.channel_id),
      {
        channelId: message.channel_id,
        perms: p.memberPermissions,
      },
    );
    it.message = message;
    it.payload.message = message;
    it.payload.data = {
      custom_id: p.customId,
      component_type: component.type,
      ...(values ? { values } : {}),
    };
    return this.dispatch(it, `component ${p.customId}`);
  }

  async submitModal(p: SubmitModalParams): Promise<InteractionOutcome> {
    const shown = (i: Interaction) =>
      i.callbacks.find((c) => c.type === 9 && c.status < 300 && c.data?.custom_id === p.customId);
    const origin = [...this.state.interactions.values()].reverse().find(shown);
    const modal = origin && shown(origin)?.data;
    if (!origin || !modal) throw new Error(`no modal "${p.customId}" was shown`);
    const inputs = new Set<string>();
    const submitted = (c: Json): Json => {
      const customId = String(c.custom_id);
      inputs.add(customId);
      const v = p.fields[customId];
      if (c.type === 4)
        return { type: 4, id: c.id, custom_id: customId, value: typeof v === 'string' ? v : '' };
      return { type: c.type, id: c.id, custom_id: customId, values: Array.isArray(v) ? v : v ? [v] : [] };
    };
    const components = asArray(modal.components)
      .map(asObject)
      .map((c) => {
        if (c.type === 1)
          return { type: 1, id: c.id, components: asArray(c.components).map(asObject).map(submitted) };
        if (c.type === 18) return { type: 18, id: c.id, component: submitted(asObject(c.component)) };
        return { type: c.type, id: c.id };
      });
    const unknown = Object.keys(p.fields).filter((k) => !inputs.has(k));
    if (unknown.length > 0) throw new Error(`modal "${p.customId}" has no inputs ${unknown.join(', ')}`);
    const channelId = p.channelId ?? origin.channelId;
    const place =
      p.guildId === undefined
        ? this.installs.placeOfChannel(channelId)
        : this.installs.placeOf(p.guildId, p.user.id, p.privateChannel === true);
    const it = this.create(InteractionType.ModalSubmit, p.user, place, { channelId });
    const message = p.message ?? origin.message;
    if (message) {
      it.message = this.state.messages.get(message.id) ?? message;
      it.payload.message = it.message;
    }
    it.payload.data = { custom_id: p.customId, components };
    return this.dispatch(it, `modal ${p.customId}`);
  }

  /**
   * `integrationTypes`: the command's, deciding which installations Discord names; components and modals carry
   * every installation the app has in the place.
   */
  private create(
    type: number,
    u: FakeUser,
    place: Place,
    o: { channelId?: string | undefined; perms?: string | undefined; integrationTypes?: number[] } = {},
  ) {
    const guild = place.kind === 'guild' || place.kind === 'foreign-guild' ? place.guild : undefined;
    const user = this.state.rememberUser(u);
    const { channelId, perms } = o;
    let channel: Channel;
    if (place.kind === 'private-channel') channel = place.channel;
    else if (guild) {
      const id = channelId ?? guild.channelId;
      channel = this.state.channels.get(id) ?? {
        id,
        type: 0,
        guildId: guild.id,
        name: `channel-${id.slice(-4)}`,
      };
      this.state.channels.set(id, channel);
    } else channel = this.state.dmChannel(user.id);
    const integrationTypes = o.integrationTypes ?? [IntegrationType.Guild, IntegrationType.User];
    const owners = this.installs.owners(place, user.id, integrationTypes);
    const id = snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('hex')}`).toString('base64url');
    const payload: Json = {
      id,
      token,
      application_id: this.state.applicationId,
      version: 1,
      type,
      locale: u.locale ?? 'ko',
      app_permissions: appPermissionsOf(place, BOT_PERMISSIONS),
      entitlements: [],
      authorizing_integration_owners: owners,
      attachment_size_limit: 10 * 1024 * 1024,
      context: contextOf(place),
      channel_id: channel.id,
      channel:
        place.kind === 'private-channel'
          ? privateChannelObject(channel)
          : {
              ...this.state.channelObject(channel),
              ...(guild ? { permissions: appPermissionsOf(place, BOT_PERMISSIONS) } : {}),
            },
    };
    if (guild) {
      payload.guild_id = guild.id;
      payload.guild_locale = guild.locale;
      payload.guild = { id: guild.id, locale: guild.locale, features: [] };
      payload.member = {
        ...this.state.memberObject(guild, user),
        roles: u.roles ?? [],
        permissions: perms ?? MEMBER_PERMISSIONS,
      };
    } else payload.user = user;
    const now = Date.now();
    const it: Interaction = {
      id,
      token,
      type,
      guildId: guild?.id ?? null,
      channelId: channel.id,
      user,
      owners,
      payload,
      dispatchedAt: now,
      deadline: now + this.deadlineMs,
      acknowledged: false,
      callbacks: [],
      followUpIds: [],
    };
    this.state.interactions.set(id, it);
    return it;
  }

  private dispatch(it: Interaction, label: string): Promise<InteractionOutcome> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(it.id);
        reject(error);
      };
      const timer = setTimeout(() => {
        const seen = it.callbacks.map((c) => `${c.type}→${c.status}${c.error ? ` ${c.error}` : ''}`);
        fail(new Error(`${label}: no accepted callback within ${this.deadlineMs} ms [${seen.join('; ')}]`));
      }, this.deadlineMs + 100);
      this.pending.set(it.id, { timer, reject: fail });
      it.settle = (record) => {
        clearTimeout(timer);
        this.pending.delete(it.id);
        resolve({
          interactionId: it.id,
          token: it.token,
          callback: record.data ? { type: record.type, data: record.data } : { type: record.type },
          message: record.message && structuredClone(record.message),
          latencyMs: record.at - it.dispatchedAt,
        });
      };
      const sent = this.gateway.broadcast('INTERACTION_CREATE', it.payload, it.guildId);
      if (sent === 0)
        fail(new Error(`${label}: no ready gateway connection for ${it.guildId ?? 'DMs (shard 0)'}`));
    });
  }

  /** A callback body that failed validation: the interaction fails at once rather than at its deadline. */
  rejectCallback(interactionId: string, query: URLSearchParams, body: unknown, error: string): void {
    const it = this.state.interactions.get(interactionId);
    if (!it) return;
    const b = asObject(body);
    it.callbacks.push({
      interactionId,
      type: Number(b.type),
      data: asObject(b.data),
      status: 400,
      withResponse: query.get('with_response') === 'true',
      at: Date.now(),
      error,
    });
    if (!it.acknowledged) this.pending.get(interactionId)?.reject(new Error(`callback rejected: ${error}`));
  }

  /** POST /interactions/{id}/{token}/callback */
  callback(
    id: string,
    token: string,
    query: URLSearchParams,
    body: unknown,
    files: Map<string, UploadedFile>,
  ) {
    const it = this.state.interactions.get(id);
    if (!it || it.token !== token) return errorReply(404, 10062, 'Unknown interaction');
    const b = asObject(body);
    const data = b.data === undefined || b.data === null ? undefined : asObject(b.data);
    const record: CallbackRecord = {
      interactionId: id,
      type: Number(b.type),
      ...(data ? { data } : {}),
      status: 0,
      withResponse: query.get('with_response') === 'true',
      at: Date.now(),
    };
    it.callbacks.push(record);
    const reply = this.acknowledge(it, record, files);
    record.status = reply.status;
    if (reply.status < 300) it.settle?.(record);
    else {
      record.error = JSON.stringify(reply.body);
      if (!it.acknowledged) this.pending.get(id)?.reject(new Error(`callback rejected: ${record.error}`));
    }
    return reply;
  }

  private acknowledge(it: Interaction, record: CallbackRecord, files: Map<string, UploadedFile>): Reply {
    const { type, data } = record;
    if (record.at > it.deadline) return errorReply(404, 10062, 'Unknown interaction');
    if (it.acknowledged) return errorReply(400, 40060, 'Interaction has already been acknowledged.');
    if (!ALLOWED_CALLBACKS[it.type]?.includes(type) || ((type === 6 || type === 7) && !it.message)) {
      const message = `Callback type ${type} is not valid for interaction type ${it.type}`;
      return errorReply(400, 50035, 'Invalid Form Body', {
        type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message }] },
      });
    }
    if (type === 4 && isEmptyMessage(data ?? {}, files))
      return errorReply(400, 50006, 'Cannot send an empty message');
    it.acknowledged = true;
    if (type === 4) {
      record.message = this.state.createMessage(it.channelId, data ?? {}, files, this.messageExtras(it));
    } else if (type === 5) {
      const flags = (Number(data?.flags ?? 0) & MessageFlag.Ephemeral) | MessageFlag.Loading;
      record.message = this.state.createMessage(it.channelId, { flags }, new Map(), this.messageExtras(it));
    } else if ((type === 6 || type === 7) && it.message) {
      if (type === 7) this.state.applyBody(it.message, data ?? {}, files, true);
      record.message = it.message;
    }
    it.originalId = record.message?.id;
    if (!record.withResponse) return { status: 204 };
    const message = record.message;
    const interaction = {
      id: it.id,
      type: it.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: type === 5,
            response_message_ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
          }
        : {}),
    };
    return { status: 200, body: { interaction, resource: message ? { type, message } : { type } } };
  }

  messageExtras(it: Interaction): Partial<FakeMessage> {
    return {
      type: it.type === InteractionType.Command ? 20 : 0,
      webhook_id: this.state.applicationId,
      application_id: this.state.applicationId,
      interaction_metadata: {
        id: it.id,
        type: it.type,
        user: it.user,
        authorizing_integration_owners: it.owners,
        ...(it.message ? { interacted_message_id: it.message.id } : {}),
      },
    };
  }

  dispose(): void {
    for (const { reject } of this.pending.values()) reject(new Error('fake Discord closed'));
  }
}

export function isEmptyMessage(body: Json, files: Map<string, UploadedFile>): boolean {
  const has = (k: string) => asArray(body[k]).length > 0;
  const content = typeof body.content === 'string' && body.content.length > 0;
  return (
    !content && !has('embeds') && !has('components') && !has('sticker_ids') && !body.poll && files.size === 0
  );
}

function allComponents(list: FakeComponent[] | undefined): FakeComponent[] {
  return (list ?? []).flatMap((c) => {
    const nested = [
      ...(c.component ? [c.component] : []),
      ...(c.accessory ? [c.accessory as FakeComponent] : []),
    ];
    return [c, ...allComponents(c.components), ...allComponents(nested)];
  });
}

const findComponent = (list: FakeComponent[], customId: string) =>
  allComponents(list).find((c) => c.custom_id === customId);
