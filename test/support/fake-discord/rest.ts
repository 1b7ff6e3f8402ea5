// REST routes under /api/v10. Each answers like Discord does, including its error codes.
import type { Gateway } from './gateway.js';
import { errorReply, type Interactions, isEmptyMessage, type Reply } from './interactions.js';
import { asArray, asObject, type FakeState, MessageFlag, type UploadedFile } from './state.js';

export interface RouteContext {
  params: string[];
  body: unknown;
  files: Map<string, UploadedFile>;
  query: URLSearchParams;
}
export interface Route {
  method: string;
  segments: string[];
  /** Interaction callbacks and webhooks carry no bot token. */
  auth: boolean;
  handler: (ctx: RouteContext) => Reply;
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const NO_CONTENT: Reply = { status: 204 };
const unknownMessage = () => errorReply(404, 10008, 'Unknown Message');

export function matchRoute(routes: Route[], method: string, path: string) {
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: string[] = [];
    const matches = route.segments.every((s, i) => {
      const part = parts[i] ?? '';
      if (s.startsWith(':')) params.push(part);
      return s.startsWith(':') || s === part;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

export function restRoutes(
  state: FakeState,
  gateway: Gateway,
  interactions: Interactions,
  shards: number,
): Route[] {
  const routes: Route[] = [];
  const on = (spec: string, handler: Route['handler'], auth = true) => {
    const [method = '', path = ''] = spec.split(' ');
    routes.push({ method, segments: path.split('/').filter(Boolean), auth, handler });
  };
  const app = (id: string | undefined) => id === state.applicationId;
  /** A channel of a server the bot is not in (met through a user install) is not the bot's to read or post in. */
  const missingAccess = (channelId: string) => {
    const guildId = state.channels.get(channelId)?.guildId;
    return guildId !== undefined && !state.guilds.has(guildId)
      ? errorReply(403, 50001, 'Missing Access')
      : undefined;
  };
  const body = (ctx: RouteContext) => asObject(ctx.body);

  on('GET /gateway', () => ok({ url: gateway.url }), false);
  on('GET /gateway/bot', () =>
    ok({
      url: gateway.url,
      shards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    }),
  );
  on('GET /users/@me', () => ok(state.botUser));
  on('POST /users/@me/channels', (ctx) => {
    const id = String(body(ctx).recipient_id);
    if (!state.users.has(id)) state.rememberUser({ id, username: `user${id.slice(-4)}` });
    return ok(state.channelObject(state.dmChannel(id)));
  });
  on('GET /users/:user', ({ params: [id = ''] }) => {
    const user = id === state.botUser.id ? state.botUser : state.users.get(id);
    return user ? ok(user) : errorReply(404, 10013, 'Unknown User');
  });
  on('GET /applications/@me', () =>
    ok({
      id: state.applicationId,
      name: state.botUser.username,
      icon: null,
      description: '',
      summary: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      owner: { ...state.botUser, id: '1', username: 'owner', bot: false },
      bot: state.botUser,
      approximate_guild_count: state.guilds.size,
    }),
  );

  // Commands, global (no guild) or per guild.
  const scoped = (params: string[], run: (guildId: string | undefined) => Reply): Reply => {
    const [appId, guildId] = params;
    if (!app(appId)) return errorReply(404, 10002, 'Unknown Application');
    if (guildId !== undefined && !state.guilds.has(guildId)) return errorReply(404, 10004, 'Unknown Guild');
    return run(guildId);
  };
  const commandRoutes = (base: string) => {
    on(`GET ${base}`, (ctx) => scoped(ctx.params, (g) => ok(state.scopeCommands(g))));
    on(`PUT ${base}`, (ctx) =>
      scoped(ctx.params, (g) => ok(state.putCommands(asArray(ctx.body).map(asObject), g))),
    );
    on(`POST ${base}`, (ctx) =>
      scoped(ctx.params, (g) => {
        const list = state.scopeCommands(g);
        const command = state.commandObject(body(ctx), list, g);
        const index = list.findIndex((c) => c.id === command.id);
        state.commands.set(g ?? 'global', index < 0 ? [...list, command] : list.with(index, command));
        return { status: index < 0 ? 201 : 200, body: command };
      }),
    );
    on(`DELETE ${base}/:command`, (ctx) =>
      scoped(ctx.params, (g) => {
        const list = state.scopeCommands(g);
        const id = ctx.params.at(-1);
        if (!list.some((c) => c.id === id)) return errorReply(404, 10063, 'Unknown application command');
        state.commands.set(
          g ?? 'global',
          list.filter((c) => c.id !== id),
        );
        return NO_CONTENT;
      }),
    );
  };
  commandRoutes('/applications/:app/commands');
  commandRoutes('/applications/:app/guilds/:guild/commands');

  // Guilds and channels.
  on('GET /guilds/:guild', ({ params: [id = ''] }) => {
    const guild = state.guilds.get(id);
    return guild ? ok(state.guildObject(guild)) : errorReply(404, 10004, 'Unknown Guild');
  });
  on('GET /guilds/:guild/channels', ({ params: [id = ''] }) => {
    if (!state.guilds.has(id)) return errorReply(404, 10004, 'Unknown Guild');
    return ok(
      [...state.channels.values()].filter((c) => c.guildId === id).map((c) => state.channelObject(c)),
    );
  });
  on('GET /guilds/:guild/members/:user', ({ params: [guildId = '', userId = ''] }) => {
    const guild = state.guilds.get(guildId);
    const user = userId === state.botUser.id ? state.botUser : state.users.get(userId);
    if (!guild) return errorReply(404, 10004, 'Unknown Guild');
    return user ? ok(state.memberObject(guild, user)) : errorReply(404, 10007, 'Unknown Member');
  });
  on('GET /channels/:channel', ({ params: [id = ''] }) => {
    const denied = missingAccess(id);
    if (denied) return denied;
    const channel = state.channels.get(id);
    return channel ? ok(state.channelObject(channel)) : errorReply(404, 10003, 'Unknown Channel');
  });
  on('GET /channels/:channel/messages', ({ params: [id = ''], query }) => {
    const denied = missingAccess(id);
    if (denied) return denied;
    if (!state.channels.has(id)) return errorReply(404, 10003, 'Unknown Channel');
    const limit = Number(query.get('limit') ?? 50);
    const visible = state.messagesIn(id).filter((m) => (m.flags & MessageFlag.Ephemeral) === 0);
    return ok(visible.reverse().slice(0, limit));
  });
  on('POST /channels/:channel/messages', (ctx) => {
    const denied = missingAccess(ctx.params[0] ?? '');
    if (denied) return denied;
    const channel = state.channels.get(ctx.params[0] ?? '');
    if (!channel) return errorReply(404, 10003, 'Unknown Channel');
    if (channel.recipientId && state.refusedDms.has(channel.recipientId)) {
      return errorReply(403, 50007, 'Cannot send messages to this user');
    }
    if (isEmptyMessage(body(ctx), ctx.files)) return errorReply(400, 50006, 'Cannot send an empty message');
    return ok(state.createMessage(channel.id, body(ctx), ctx.files, {}));
  });
  const channelMessage = (params: string[]) => {
    const message = state.messages.get(params[1] ?? '');
    return message?.channel_id === params[0] ? message : undefined;
  };
  on('GET /channels/:channel/messages/:message', ({ params }) => {
    const message = channelMessage(params);
    return message ? ok(message) : unknownMessage();
  });
  on('PATCH /channels/:channel/messages/:message', (ctx) => {
    const message = channelMessage(ctx.params);
    if (!message) return unknownMessage();
    if (message.author.id !== state.botUser.id) {
      return errorReply(403, 50005, 'Cannot edit a message authored by another user');
    }
    state.applyBody(message, body(ctx), ctx.files, true);
    return ok(message);
  });
  on('DELETE /channels/:channel/messages/:message', ({ params }) => {
    const message = channelMessage(params);
    return message && state.messages.delete(message.id) ? NO_CONTENT : unknownMessage();
  });

  // Interaction callbacks and the interaction webhook (follow-ups, @original).
  on(
    'POST /interactions/:id/:token/callback',
    (ctx) => interactions.callback(ctx.params[0] ?? '', ctx.params[1] ?? '', ctx.query, ctx.body, ctx.files),
    false,
  );
  const hook = (params: string[]) => {
    const [appId, token] = params;
    const it = [...state.interactions.values()].find((i) => i.token === token);
    return app(appId) && it?.acknowledged ? it : undefined;
  };
  const unknownWebhook = () => errorReply(404, 10015, 'Unknown Webhook');
  on(
    'POST /webhooks/:app/:token',
    (ctx) => {
      const it = hook(ctx.params);
      if (!it) return unknownWebhook();
      const original = it.originalId ? state.messages.get(it.originalId) : undefined;
      // After a deferred reply (type 5) the first follow-up fills the loading message, as on Discord.
      if (original && (original.flags & MessageFlag.Loading) !== 0) {
        state.applyBody(original, body(ctx), ctx.files, true);
        return ok(original);
      }
      if (isEmptyMessage(body(ctx), ctx.files)) return errorReply(400, 50006, 'Cannot send an empty message');
      const keep = MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds | 4096 | MessageFlag.ComponentsV2;
      const flags = Number(body(ctx).flags ?? 0) & keep;
      const extras = { ...interactions.messageExtras(it), flags };
      const message = state.createMessage(it.channelId, body(ctx), ctx.files, extras);
      it.followUpIds.push(message.id);
      return ok(message);
    },
    false,
  );
  const webhookMessage = (params: string[]) => {
    const it = hook(params);
    const id = params[2] === '@original' ? it?.originalId : params[2];
    const owned = it && id !== undefined && (id === it.originalId || it.followUpIds.includes(id));
    return owned ? state.messages.get(id) : undefined;
  };
  const hookMessage = '/webhooks/:app/:token/messages/:message';
  on(
    `GET ${hookMessage}`,
    ({ params }) => {
      const message = webhookMessage(params);
      return message ? ok(message) : unknownMessage();
    },
    false,
  );
  on(
    `PATCH ${hookMessage}`,
    (ctx) => {
      const message = webhookMessage(ctx.params);
      if (!message) return unknownMessage();
      state.applyBody(message, body(ctx), ctx.files, true);
      return ok(message);
    },
    false,
  );
  on(
    `DELETE ${hookMessage}`,
    ({ params }) => {
      const message = webhookMessage(params);
      return message && state.messages.delete(message.id) ? NO_CONTENT : unknownMessage();
    },
    false,
  );
  return routes;
}
