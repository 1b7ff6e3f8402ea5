// A small fake Discord for end-to-end tests: REST under /api/v10 and a gateway on one 127.0.0.1 port.
// Request bodies are checked against Discord's OpenAPI description; see validation.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Gateway } from './gateway.js';
import { Installs } from './installs.js';
import { errorReply, Interactions, type Reply } from './interactions.js';
import { matchRoute, restRoutes } from './rest.js';
import { FakeState, MessageFlag, snowflake, type UploadedFile } from './state.js';
import type {
  FakeDiscord,
  FakeDiscordOptions,
  FakeMessage,
  RequestFault,
  RequestRecord,
  ValidationFailure,
} from './types.js';
import { describeErrors, discordErrors, specValidator } from './validation.js';

export { ADMIN_PERMISSIONS, MEMBER_PERMISSIONS, shardOf, snowflake } from './state.js';
export type * from './types.js';
export { validatorTimings } from './validation.js';

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const validator = specValidator();
  const state = new FakeState(
    options.applicationId ?? snowflake(),
    options.botUserId ?? snowflake(),
    options.botUsername ?? 'boksup-test',
  );
  for (const guild of options.guilds ?? []) state.addGuild(guild);
  const gateway = new Gateway(state, options.heartbeatIntervalMs ?? 41_250);
  const deadlineMs = options.interactionDeadlineMs ?? 3000;
  const installs = new Installs(state);
  const interactions = new Interactions(state, gateway, deadlineMs, options.strictCommands ?? true, installs);
  const routes = restRoutes(state, gateway, interactions, options.recommendedShards ?? 1);
  const requests: RequestRecord[] = [];
  const validationErrors: ValidationFailure[] = [];
  const unknownRoutes: { method: string; path: string }[] = [];
  const faults: (RequestFault & { left: number })[] = [];
  let gatewayOpen = true;

  async function route(req: IncomingMessage, url: URL): Promise<Reply> {
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10(?=\/)/, '');
    let body: unknown;
    let files = new Map<string, UploadedFile>();
    try {
      ({ body, files } = await parseBody(req));
    } catch {
      return errorReply(400, 50109, 'The request body contains invalid JSON.');
    }
    const record: RequestRecord = { method, path, body, status: 0, at: Date.now() };
    requests.push(record);
    const reply = ((): Reply => {
      const match = url.pathname.startsWith('/api/v10/') ? matchRoute(routes, method, path) : undefined;
      if (!match) {
        unknownRoutes.push({ method, path });
        return errorReply(404, 0, '404: Not Found');
      }
      if (match.route.auth && req.headers.authorization !== `Bot ${state.token}`) {
        return errorReply(401, 0, '401: Unauthorized');
      }
      if (body !== undefined) {
        const errors = validator.validate(method, path, body);
        if (errors.length > 0) {
          const text = describeErrors(errors);
          validationErrors.push({ method, path, errors: text });
          if (path.startsWith('/interactions/'))
            interactions.rejectCallback(match.params[0] ?? '', url.searchParams, body, text);
          return errorReply(400, 50035, 'Invalid Form Body', discordErrors(errors));
        }
      }
      const fault = faults.find((f) => f.left > 0 && f.method === method && f.path.test(path));
      if (fault) {
        fault.left--;
        return errorReply(fault.status, fault.code ?? 0, fault.message ?? `fake Discord: failed on purpose`);
      }
      return match.route.handler({ params: match.params, body, files, query: url.searchParams });
    })();
    record.status = reply.status;
    return reply;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const attachment =
      req.method === 'GET' ? state.attachments.get(`${state.baseUrl}${url.pathname}`) : undefined;
    if (attachment) {
      res
        .writeHead(200, { 'content-type': attachment.type || 'application/octet-stream' })
        .end(attachment.bytes);
      return;
    }
    route(req, url).then(
      (reply) => send(res, reply),
      (error: unknown) => send(res, errorReply(500, 0, `fake Discord failed: ${String(error)}`)),
    );
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (req.url?.startsWith('/gateway') && gatewayOpen) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  gateway.url = `ws://127.0.0.1:${port}/gateway`;

  const interactionOf = (id: string) => state.interactions.get(id);
  return {
    apiUrl: `${state.baseUrl}/api`,
    gatewayUrl: gateway.url,
    token: state.token,
    applicationId: state.applicationId,
    botUserId: state.botUser.id,
    get identifies() {
      return gateway.identifies;
    },
    get commandPuts() {
      return state.commandPuts;
    },
    validationErrors,
    requests,
    unknownRoutes,
    gatewayConnections: () => gateway.connectionCount(),
    waitForReady: (count = 1) => gateway.waitForReady(count),
    guildChannelId(guildId) {
      const guild = state.guilds.get(guildId);
      if (!guild) throw new Error(`unknown guild ${guildId}`);
      return guild.channelId;
    },
    dmChannelId: (userId) => state.dmChannel(userId).id,
    registeredCommands: (scope) => state.scopeCommands(scope?.guildId),
    sendCommand: (p) => interactions.sendCommand(p),
    clickButton: (p) => interactions.clickButton(p),
    selectMenu: (p) => interactions.selectMenu(p),
    submitModal: (p) => interactions.submitModal(p),
    dispatchRaw: (d, t = 'INTERACTION_CREATE') => void gateway.broadcast(t, d, undefined),
    callbacksFor: (id) => interactionOf(id)?.callbacks ?? [],
    originalMessage(id) {
      const originalId = interactionOf(id)?.originalId;
      return snapshot(originalId ? state.messages.get(originalId) : undefined);
    },
    followUps: (id) =>
      (interactionOf(id)?.followUpIds ?? []).flatMap((m) => snapshot(state.messages.get(m)) ?? []),
    message: (id) => snapshot(state.messages.get(id)),
    channelMessages: (channelId) => state.messagesIn(channelId).map((m) => structuredClone(m)),
    dmMessages: (userId) => state.messagesIn(state.dmChannel(userId).id).map((m) => structuredClone(m)),
    attachmentBytes: (url) => state.attachments.get(url)?.bytes,
    refuseDmsFrom: (userId) => void state.refusedDms.add(userId),
    installForUser: (userId) => void installs.users.add(userId),
    addGuild(options) {
      const guild = state.addGuild(options);
      gateway.broadcast('GUILD_CREATE', state.guildObject(guild, true), guild.id);
    },
    removeGuild(guildId) {
      state.guilds.delete(guildId);
      gateway.broadcast('GUILD_DELETE', { id: guildId }, guildId);
    },
    disconnectAll: (closeCode = 4000) => gateway.disconnectAll(closeCode),
    setGatewayOpen(open) {
      gatewayOpen = open;
    },
    failRequests: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    async close() {
      interactions.dispose();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function parseBody(req: IncomingMessage): Promise<{ body: unknown; files: Map<string, UploadedFile> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const files = new Map<string, UploadedFile>();
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files };
  if (!type.startsWith('multipart/form-data')) return { body: JSON.parse(raw.toString('utf8')), files };
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  let body: unknown;
  for (const [key, value] of form.entries()) {
    if (key === 'payload_json') body = JSON.parse(typeof value === 'string' ? value : await value.text());
    else if (typeof value !== 'string') {
      files.set(key, { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body: body ?? {}, files };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** Messages leave the fake as copies: later edits do not change what a test already holds. */
const snapshot = (message: FakeMessage | undefined) => message && structuredClone(message);

/** Polls `probe` until it returns something truthy (for deferred replies, DMs sent by jobs, …). */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  timeoutMs = 2000,
  what = 'a condition',
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export const isEphemeral = (message: { flags: number } | undefined): boolean =>
  ((message?.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
