// Creates and logs in the discord.js clients: the main bot (reads the channels, answers commands, owns
// the webhooks) and, for personas with their own token, one small client each (posts as itself). Login
// waits for READY, and turns Discord's refusals into errors that say what to fix: a refused privileged
// intent (close code 4014) names the Developer Portal switch.
import type { ClientOptions } from 'discord.js';
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials } from 'discord.js';

/**
 * The main bot's intents. MessageContent is privileged (switched on in the Developer Portal);
 * GuildWebhooks tells us when a channel's webhooks change (our cached webhook may be gone);
 * DirectMessages lets a DM get its short explanation; GuildMessageTyping tells us a person is typing,
 * so personas hold their turns until the message arrives (not privileged).
 */
export const MAIN_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildWebhooks,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.GuildMessageTyping,
];

/** A persona's own bot only posts and shows as online; it reads nothing, so it needs no privileged intent. */
export const PERSONA_BOT_INTENTS = [GatewayIntentBits.Guilds];

/** Settings for running against a local Discord-compatible server. Never in production. */
export interface DiscordTuning {
  /** @discordjs/rest's own global limit (Discord's is 50/s); tests raise it so bursts never stall. */
  restGlobalRequestsPerSecond?: number;
  /** Skip the 5 s identify throttle between logins (tests log in many clients). */
  fastIdentify?: boolean;
  /** How long READY waits for guilds to arrive, ms. @defaultValue discord.js's 15 000 */
  waitGuildTimeoutMs?: number;
  /** How long a person's message waits for a proxy bot to replace it, ms. @defaultValue 1 500 */
  proxyHoldMs?: number;
}

/**
 * Which gateway shards this process identifies (config.ts `discordSharding`): Discord's recommended count
 * (`'auto'`), or the listed ids out of `shardCount`, the others running in other processes.
 */
export type DiscordSharding = { shards: 'auto' } | { shards: number[]; shardCount: number };

export interface DiscordClientInput {
  kind: 'main' | 'persona';
  /** @defaultValue `{ shards: 'auto' }` */
  sharding?: DiscordSharding | undefined;
  /** REST base URL without the version (`http://127.0.0.1:PORT/api`); Discord's when undefined. */
  apiUrl?: string | undefined;
  tuning?: DiscordTuning | undefined;
}

export function createDiscordClient(input: DiscordClientInput): Client {
  const tuning = input.tuning ?? {};
  const rest: NonNullable<ClientOptions['rest']> = {};
  if (input.apiUrl !== undefined) rest.api = input.apiUrl;
  if (tuning.restGlobalRequestsPerSecond !== undefined)
    rest.globalRequestsPerSecond = tuning.restGlobalRequestsPerSecond;
  const options: ClientOptions = {
    intents: input.kind === 'main' ? MAIN_INTENTS : PERSONA_BOT_INTENTS,
    // Channel: DMs arrive on uncached channels. Message: edits and deletions of messages sent before
    // this process started (or evicted from the cache) still reach us.
    partials: input.kind === 'main' ? [Partials.Channel, Partials.Message] : [],
    rest,
    // Nothing a persona says should ever ping by default; each post sets its own allowed_mentions too.
    allowedMentions: { parse: [] },
    // Always explicit, so discord.js never reads SHARDS/SHARD_COUNT from the environment itself.
    ...(input.sharding ?? { shards: 'auto' }),
  };
  if (tuning.waitGuildTimeoutMs !== undefined) options.waitGuildTimeout = tuning.waitGuildTimeoutMs;
  if (tuning.fastIdentify)
    options.ws = { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) };
  return new Client(options);
}

/** A login Discord refused, with what to do about it. Never carries the token. */
export class DiscordLoginError extends Error {
  override readonly name = 'DiscordLoginError';
  constructor(
    message: string,
    readonly closeCode?: number,
  ) {
    super(message);
  }
}

/** What the person running Troupe should do about a close code that ends the session for good. */
export function closeCodeAdvice(code: number, who: string): string {
  switch (code) {
    case GatewayCloseCodes.DisallowedIntents:
      return (
        `Discord refused the Message Content intent for ${who} (close code 4014). Turn it on: ` +
        'Developer Portal → your application → Bot → Privileged Gateway Intents → MESSAGE CONTENT INTENT, ' +
        'save, and start Troupe again.'
      );
    case GatewayCloseCodes.AuthenticationFailed:
      return `Discord rejected the token of ${who} (close code 4004): copy a fresh one from the Developer Portal.`;
    case GatewayCloseCodes.ShardingRequired:
      return (
        `Discord requires ${who} to be sharded (close code 4011: a shard may hold at most 2,500 servers). ` +
        'Unset SHARD_COUNT to use the recommended count, or raise it (SHARDS lists the ids each process runs).'
      );
    case GatewayCloseCodes.InvalidShard:
      return `Discord refused the shard settings of ${who} (close code 4010): SHARDS must be ids below SHARD_COUNT.`;
    default:
      return `Discord closed the gateway for ${who} with code ${code} and will not let it reconnect.`;
  }
}

const FATAL_CLOSE_CODES = new Set<number>([
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);

/**
 * Logs a client in and resolves once READY (and the guilds) arrived. `who` names the client in errors
 * ("the main bot", "persona ling-lu"); the token never appears in one.
 */
export async function loginClient(client: Client, token: string, who: string): Promise<void> {
  let onReady: () => void = () => undefined;
  let onDisconnect: (event: { code: number }) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = () => resolve();
    onDisconnect = (event) => {
      if (FATAL_CLOSE_CODES.has(event.code))
        reject(new DiscordLoginError(closeCodeAdvice(event.code, who), event.code));
    };
    client.once(Events.ClientReady, onReady);
    client.on(Events.ShardDisconnect, onDisconnect);
  });
  // A refused session can end before login() settles (or keep it waiting), so whichever comes first wins.
  void ready.catch(() => undefined);
  const loggedIn = client.login(token).catch((err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DiscordLoginError(`Discord refused the login of ${who}: ${reason}`);
  });
  void loggedIn.catch(() => undefined);
  try {
    await Promise.race([loggedIn.then(() => ready), ready]);
  } finally {
    client.off(Events.ClientReady, onReady);
    client.off(Events.ShardDisconnect, onDisconnect);
  }
}
