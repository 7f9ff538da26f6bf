// The gateway WebSocket: HELLO, IDENTIFY → READY + one GUILD_CREATE per guild, heartbeat ACKs, RESUME
// with a replay buffer, op 7/op 9 on request, and close codes 4004/4010/4011/4014. Sharded as Discord
// is: a session identified as `[shard_id, num_shards]` gets only the guilds with
// `(guild_id >> 22) % num_shards === shard_id` (READY, GUILD_CREATE, their events), DMs only on shard 0. Every dispatch goes through
// `dispatch`, which sends an event only to sessions whose intents ask for it and lets the caller shape
// the payload per bot (MessageContent blanking lives in events.ts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  ApplicationFlags,
  GatewayIdentifyData,
  GatewayReadyDispatchData,
  GatewaySendPayload,
  GatewayRequestGuildMembersData,
  GatewayResumeData,
} from 'discord-api-types/v10';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { apiMember, apiUser, guildCreatePayload } from './payloads.js';
import type { BotRecord, DiscordState } from './state.js';

export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((all, bit) => all | bit, 0);
/** Events kept per session for RESUME; a resume further back than this gets op 9 like a lost session. */
const REPLAY_LIMIT = 1000;

/** Who may receive an event. */
export interface Audience {
  /** The intent the session must have asked for; undefined = sent regardless (READY, INTERACTION_CREATE). */
  intent?: number;
  /** Only bots that are members of this guild (and, when sharded, on the guild's shard). */
  guildId?: string;
  /** Only these bot users. */
  botUserIds?: readonly string[];
}

/** Builds the payload for one bot; undefined skips that bot. */
export type PayloadFor = (bot: BotRecord, intents: number) => unknown;

export interface GatewayLogEntry {
  kind: 'identify' | 'resume' | 'refused' | 'closed';
  botUserId?: string;
  intents?: number;
  /** `[shard_id, num_shards]` of the session (identify, resume, refused identify). */
  shard?: [number, number];
  code?: number;
  atMs: number;
}

interface Session {
  id: string;
  bot: BotRecord;
  intents: number;
  shard: [number, number];
  seq: number;
  socket: WebSocket | null;
  replay: { s: number; t: string; d: unknown }[];
  invalidated: boolean;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** Guilds one shard may hold before IDENTIFY is refused with 4011. */
  maxGuildsPerShard: number;
  /** ws:// URL of the gateway, for READY's resume_gateway_url. */
  url: () => string;
  onChange: () => void;
}

export class Gateway {
  readonly log: GatewayLogEntry[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly state: DiscordState,
    private readonly options: GatewayOptions,
  ) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  /** Sends `t` to every live or resumable session in the audience (buffered for the resumable ones). */
  dispatch(t: GatewayDispatchEvents, audience: Audience, payloadFor: PayloadFor): void {
    for (const session of this.sessions.values()) {
      if (session.invalidated || !this.reaches(session, audience)) continue;
      const d = payloadFor(session.bot, session.intents);
      if (d !== undefined) this.send(session, t, d);
    }
  }

  /** Bots with a session that will receive events (connected or resumable). */
  connectedBotIds(): string[] {
    return [...this.sessions.values()].filter((s) => !s.invalidated && s.socket).map((s) => s.bot.userId);
  }

  /** op 7: the client should reconnect and resume. */
  requestReconnect(botUserId?: string): void {
    for (const s of this.live(botUserId))
      s.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
  }

  /** op 9: the session is invalid; with resumable false the client must identify again. */
  invalidateSession(botUserId?: string, resumable = false): void {
    for (const s of this.live(botUserId)) {
      if (!resumable) s.invalidated = true;
      s.socket?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable }));
    }
  }

  /** Drops the connection with `code`; the session stays resumable unless the code says otherwise. */
  disconnect(botUserId?: string, code = 4000): void {
    for (const s of this.live(botUserId)) s.socket?.close(code, 'closed by the test');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private live(botUserId?: string): Session[] {
    return [...this.sessions.values()].filter(
      (s) => !s.invalidated && s.socket && (!botUserId || s.bot.userId === botUserId),
    );
  }

  private reaches(session: Session, audience: Audience): boolean {
    if (audience.intent !== undefined && (session.intents & audience.intent) === 0) return false;
    if (audience.botUserIds && !audience.botUserIds.includes(session.bot.userId)) return false;
    if (audience.guildId) {
      if (!this.state.member(audience.guildId, session.bot.userId)) return false;
      if (shardOf(audience.guildId, session.shard[1]) !== session.shard[0]) return false;
    } else if (session.shard[0] !== 0) {
      return false; // DMs and other guild-less events go to shard 0, as on Discord.
    }
    return true;
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const event = { s: session.seq, t, d };
    session.replay.push(event);
    if (session.replay.length > REPLAY_LIMIT) session.replay.shift();
    session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...event }));
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    let session: Session | undefined;
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      if (session?.socket === ws) {
        session.socket = null;
        // A client closing with 1000/1001 ends its session; any other code leaves it resumable.
        if (code === 1000 || code === 1001) session.invalidated = true;
        this.record({ kind: 'closed', botUserId: session.bot.userId, code });
      }
    });
    ws.on('message', (raw) => {
      let payload: GatewaySendPayload;
      try {
        payload = JSON.parse(String(raw)) as GatewaySendPayload;
      } catch {
        ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
          return;
        case GatewayOpcodes.Identify:
          if (session) return void ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          session = this.identify(ws, payload.d);
          return;
        case GatewayOpcodes.Resume:
          session = this.resume(ws, payload.d);
          return;
        case GatewayOpcodes.RequestGuildMembers:
          if (session) this.membersChunk(session, payload.d);
          else ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
          if (!session) ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        default:
          ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
      }
    });
    ws.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.options.heartbeatIntervalMs },
      }),
    );
  }

  private identify(ws: WebSocket, d: GatewayIdentifyData): Session | undefined {
    const bot = this.state.botByToken(d.token.replace(/^Bot\s+/i, ''));
    const refuse = (code: number, reason: string): undefined => {
      this.record({ kind: 'refused', botUserId: bot?.userId, intents: d.intents, code });
      ws.close(code, reason);
      return undefined;
    };
    if (!bot) return refuse(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    if (typeof d.intents !== 'number' || (d.intents & ~ALL_INTENTS) !== 0) {
      return refuse(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    }
    if ((d.intents & PRIVILEGED_INTENTS & ~bot.allowedPrivilegedIntents) !== 0) {
      return refuse(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard = d.shard ?? [0, 1];
    if (
      !Number.isInteger(shard[0]) ||
      !Number.isInteger(shard[1]) ||
      shard[1] < 1 ||
      shard[0] < 0 ||
      shard[0] >= shard[1]
    ) {
      return refuse(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    }
    // Only the guilds on this shard, (guild_id >> 22) % num_shards, appear in READY and send events here.
    const guildIds = this.state.guildIdsOf(bot.userId).filter((id) => shardOf(id, shard[1]) === shard[0]);
    if (guildIds.length > this.options.maxGuildsPerShard) {
      this.record({
        kind: 'refused',
        botUserId: bot.userId,
        intents: d.intents,
        shard,
        code: GatewayCloseCodes.ShardingRequired,
      });
      ws.close(GatewayCloseCodes.ShardingRequired, 'Sharding required.');
      return undefined;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      bot,
      intents: d.intents,
      shard,
      seq: 0,
      socket: ws,
      replay: [],
      invalidated: false,
    };
    this.sessions.set(session.id, session);
    this.record({ kind: 'identify', botUserId: bot.userId, intents: d.intents, shard });
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: apiUser(this.state.user(bot.userId)),
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard,
      application: { id: bot.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.send(session, GatewayDispatchEvents.Ready, ready);
    // Every guild in READY needs its GUILD_CREATE, or discord.js waits out waitGuildTimeout (15 s).
    for (const id of guildIds) {
      const guild = this.state.guild(id);
      const create = guildCreatePayload(this.state, guild, bot.userId);
      if (session.intents & GatewayIntentBits.Guilds)
        this.send(session, GatewayDispatchEvents.GuildCreate, create);
    }
    return session;
  }

  private resume(ws: WebSocket, d: GatewayResumeData): Session | undefined {
    const session = this.sessions.get(d.session_id);
    const oldest = session?.replay[0]?.s ?? 1;
    // Refuse invalidated sessions too: @discordjs/ws can race a dispatch past op 9 and resume anyway.
    if (!session || session.invalidated || session.bot.token !== d.token || d.seq < oldest - 1) {
      this.record({ kind: 'refused', botUserId: session?.bot.userId });
      ws.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return undefined;
    }
    if (session.socket && session.socket !== ws) session.socket.close(4000, 'resumed elsewhere');
    session.socket = ws;
    this.record({
      kind: 'resume',
      botUserId: session.bot.userId,
      intents: session.intents,
      shard: session.shard,
    });
    for (const event of session.replay.filter((e) => e.s > d.seq)) {
      ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...event }));
    }
    this.send(session, GatewayDispatchEvents.Resumed, null);
    return session;
  }

  /** Answers `guild.members.fetch()` (op 8) in one chunk, by user ids or username prefix. */
  private membersChunk(session: Session, d: GatewayRequestGuildMembersData): void {
    const ids = 'user_ids' in d && d.user_ids ? [d.user_ids].flat() : undefined;
    const query = 'query' in d ? (d.query ?? '').toLowerCase() : '';
    const members = this.state
      .guildMembers(d.guild_id)
      .filter((m) =>
        ids ? ids.includes(m.userId) : this.state.user(m.userId).username.toLowerCase().startsWith(query),
      );
    this.send(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: d.guild_id,
      members: members.map((m) => apiMember(this.state, m)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? ids.filter((id) => !members.some((m) => m.userId === id)) : [],
      ...(d.nonce ? { nonce: d.nonce } : {}),
    });
  }

  private record(entry: Omit<GatewayLogEntry, 'atMs'>): void {
    this.log.push({ ...entry, atMs: Date.now() });
    this.options.onChange();
  }
}

/** Discord's shard formula: (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
