// The handful of objects every part of the fake shares (state, gateway, recorder, options), passed
// explicitly to routes and driver functions so nothing reaches for a global.
import type { Gateway } from './gateway.js';
import type { Recorder } from './recorder.js';
import type { DiscordState } from './state.js';

export interface DiscordServerOptions {
  /** How long a bot has to send the first interaction callback before 10062 Unknown interaction. @defaultValue 3000 */
  interactionDeadlineMs?: number;
  /** How long follow-ups and @original edits stay possible. @defaultValue 15 min */
  interactionTokenTtlMs?: number;
  /** Webhooks allowed per channel before 30007. @defaultValue 15 (Discord's cap) */
  webhooksPerChannel?: number;
  /** HELLO's heartbeat_interval. @defaultValue 41250 (Discord's) */
  heartbeatIntervalMs?: number;
  /**
   * Guilds one shard may hold; a session that would hold more is closed with 4011 (sharding required).
   * @defaultValue 2500 (Discord's)
   */
  maxGuildsPerShard?: number;
  /** Guilds per shard behind `GET /gateway/bot`'s `shards` recommendation. @defaultValue 1000 (Discord's) */
  recommendedGuildsPerShard?: number;
  /** Refuse REST calls the bot lacks channel permissions for (403 50013). @defaultValue true */
  enforcePermissions?: boolean;
}

export type ResolvedOptions = Required<DiscordServerOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  interactionDeadlineMs: 3000,
  interactionTokenTtlMs: 15 * 60_000,
  webhooksPerChannel: 15,
  heartbeatIntervalMs: 41_250,
  maxGuildsPerShard: 2500,
  recommendedGuildsPerShard: 1000,
  enforcePermissions: true,
};

export interface ServerContext {
  state: DiscordState;
  gateway: Gateway;
  recorder: Recorder;
  options: ResolvedOptions;
  /** http://127.0.0.1:PORT, for URLs the fake hands out (attachments). */
  baseUrl: () => string;
  /** ws://127.0.0.1:PORT/gateway, without a query string (discord.js appends one). */
  gatewayUrl: () => string;
}
