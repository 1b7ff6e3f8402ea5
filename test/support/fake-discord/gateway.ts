// The gateway: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME → RESUMED, shard routing.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type FakeState, shardOf } from './state.js';
import type { Json } from './types.js';

interface Connection {
  ws: WebSocket;
  shard: [number, number];
  sessionId?: string;
  seq: number;
  ready: boolean;
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, { shard: [number, number] }>();
  private readyWaiters: { count: number; resolve: () => void }[] = [];
  identifies = 0;
  url = '';

  constructor(
    private readonly state: FakeState,
    private readonly heartbeatIntervalMs: number,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const conn: Connection = { ws, shard: [0, 1], seq: 0, ready: false };
    this.connections.add(conn);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('message', (raw) => this.onPacket(conn, String(raw)));
    this.send(conn, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } });
  }

  private onPacket(conn: Connection, raw: string): void {
    let packet: { op?: number; d?: Json };
    try {
      packet = JSON.parse(raw) as { op?: number; d?: Json };
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const d = packet.d ?? {};
    if (packet.op === 1) this.send(conn, { op: 11 });
    else if ((packet.op === 2 || packet.op === 6) && d.token !== this.state.token) {
      conn.ws.close(4004, 'Authentication failed.');
    } else if (packet.op === 2) this.identify(conn, d);
    else if (packet.op === 6) {
      const session = this.sessions.get(String(d.session_id));
      if (!session) {
        this.send(conn, { op: 9, d: false });
        return;
      }
      conn.shard = session.shard;
      conn.sessionId = String(d.session_id);
      conn.seq = typeof d.seq === 'number' ? d.seq : conn.seq;
      this.dispatch(conn, 'RESUMED', {});
      this.markReady(conn);
    }
  }

  private identify(conn: Connection, d: Json): void {
    const [id = 0, count = 1] = Array.isArray(d.shard) ? (d.shard as number[]) : [];
    if (!(count >= 1 && id >= 0 && id < count)) {
      conn.ws.close(4010, 'Invalid shard.');
      return;
    }
    this.identifies++;
    conn.shard = [id, count];
    conn.sessionId = randomBytes(16).toString('hex');
    this.sessions.set(conn.sessionId, { shard: conn.shard });
    const guilds = [...this.state.guilds.values()].filter((g) => this.owns(conn, g.id));
    this.dispatch(conn, 'READY', {
      v: 10,
      user: this.state.botUser,
      session_id: conn.sessionId,
      resume_gateway_url: this.url,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      application: { id: this.state.applicationId, flags: 0 },
      shard: conn.shard,
      private_channels: [],
      presences: [],
      relationships: [],
      user_settings: {},
      _trace: ['fake-discord'],
    });
    for (const guild of guilds) this.dispatch(conn, 'GUILD_CREATE', this.state.guildObject(guild, true));
    this.markReady(conn);
  }

  private markReady(conn: Connection): void {
    conn.ready = true;
    const ready = this.readyCount();
    for (const waiter of this.readyWaiters.filter((w) => w.count <= ready)) waiter.resolve();
    this.readyWaiters = this.readyWaiters.filter((w) => w.count > ready);
  }

  readyCount(): number {
    return [...this.connections].filter((c) => c.ready).length;
  }

  waitForReady(count: number): Promise<void> {
    if (this.readyCount() >= count) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push({ count, resolve }));
  }

  owns(conn: Connection, guildId: string | null): boolean {
    return guildId === null ? conn.shard[0] === 0 : shardOf(guildId, conn.shard[1]) === conn.shard[0];
  }

  /** Dispatches to every ready connection whose shard owns the guild (DMs: shard 0). Returns how many. */
  broadcast(t: string, d: unknown, guildId: string | null | undefined): number {
    let sent = 0;
    for (const conn of this.connections) {
      if (!conn.ready || (guildId !== undefined && !this.owns(conn, guildId))) continue;
      this.dispatch(conn, t, d);
      sent++;
    }
    return sent;
  }

  private dispatch(conn: Connection, t: string, d: unknown): void {
    conn.seq++;
    this.send(conn, { op: 0, t, s: conn.seq, d });
  }

  private send(conn: Connection, packet: Json): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(packet));
  }

  connectionCount(): number {
    return this.connections.size;
  }

  disconnectAll(code: number): void {
    for (const conn of this.connections) {
      conn.ready = false;
      conn.ws.close(code, 'fake Discord: disconnected by the test');
    }
  }

  close(): Promise<void> {
    for (const conn of this.connections) conn.ws.terminate();
    this.connections.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
