// The one place that reads the environment. One zod schema, parsed once at boot; every problem is
// reported together, so a misconfigured deployment is fixed in one go.
import { z } from 'zod';
import { MAX_DAILY_BUDGET, MIN_DAILY_BUDGET } from './core/budget.js';
import type { Persona } from './core/persona.js';
import { defaultPrices, type PriceTable } from './core/prices.js';

export const INTERNATIONAL_BASE_URL = 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1';
export const MAINLAND_BASE_URL = 'https://dashscope.aliyuncs.com/compatible-mode/v1';

/** A sanity bound on SHARD_COUNT (Discord's largest bots run a few thousand shards), to catch typos. */
const MAX_SHARD_COUNT = 65_536;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const modelPriceSchema = z.strictObject({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
  currency: z.string().trim().min(1),
  cachedInputShare: z.number().min(0).max(1).optional(),
});

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A blank variable (`X=` in a .env file) reads as unset: optional, or its default. */
const unlessBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

/** `a, b,,c` → `['a', 'b', 'c']`: comma-separated items, trimmed, blanks left out. */
function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Comma-separated Discord ids (snowflakes); `what` names them in the error ("role ids"). */
const snowflakeList = (what: string) =>
  z
    .string()
    .optional()
    .transform((value) => splitList(value ?? ''))
    .pipe(z.array(z.string().regex(/^\d{17,20}$/, `${what} are 17–20 digits, comma-separated`)));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const configObject = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  /** A Discord-compatible REST base URL (a proxy, or the local test server). */
  DISCORD_API_URL: optionalText.pipe(z.url().optional()),
  /**
   * Total number of gateway shards of the bot, across every process (discord.js's `shardCount`). Unset:
   * Discord's recommendation (`GET /gateway/bot`), all in this process.
   */
  SHARD_COUNT: unlessBlank(z.coerce.number().int().positive().max(MAX_SHARD_COUNT).optional()),
  /**
   * The shard ids this process identifies (`0,2` or `[0,2]`, each below SHARD_COUNT); the others run
   * elsewhere. Unset with SHARD_COUNT set: every shard, here.
   */
  SHARDS: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const ids = parseShardIds(value);
    if (ids === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'shard ids: comma-separated integers from 0, or a JSON array',
      });
      return z.NEVER;
    }
    return ids;
  }),
  /** Without it Troupe answers through the offline simulator, and says so. */
  DASHSCOPE_API_KEY: optionalText,
  MODEL_BASE_URL: z.url().default(INTERNATIONAL_BASE_URL),
  MODEL: z.string().trim().min(1).default('qwen-plus-character'),
  /** How the assistant prefix is continued: DashScope's `partial`, DeepSeek's `prefix`, vLLM's `continue_final_message`, or `none`. */
  MODEL_PREFIX_MODE: z.enum(['partial', 'prefix', 'continue_final_message', 'none']).default('partial'),
  MODEL_TIMEOUT_MS: positiveInt(60_000),
  /**
   * JSON: model → `{ inputPerMillion, outputPerMillion, currency, cachedInputShare? }`, merged over the
   * guide's prices for the endpoint's region, for /usage cost estimates.
   */
  MODEL_PRICES: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), modelPriceSchema).optional()),
  /**
   * The deployment's daily spending cap per server, in the price table's currency (the default model's
   * price's; see core/budget.ts), per UTC day. Off unless set; a server's own `/budget set` overrides it.
   */
  DAILY_BUDGET: unlessBlank(z.coerce.number().min(MIN_DAILY_BUDGET).max(MAX_DAILY_BUDGET).optional()),
  REDIS_URL: z.string().trim().min(1).default('redis://127.0.0.1:6379'),
  /**
   * Seed nodes of a Redis Cluster (`host:port,host:port`, or `redis://` / `rediss://` URLs carrying the
   * cluster's user and password): when set, every store and BullMQ use it and REDIS_URL is not read.
   */
  REDIS_CLUSTER_NODES: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const parsed = parseClusterNodes(value);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  }),
  /** Prefix of every Redis key (and of BullMQ's queues). */
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('troupe'),
  PERSONAS_DIR: z.string().trim().min(1).default('./personas'),
  HISTORY_LIMIT: positiveInt(500),
  /** Port of the HTTP server (/healthz, /readyz, /metrics, persona avatars); 0 turns it off. */
  HTTP_PORT: unlessBlank(z.coerce.number().int().min(0).max(65_535).default(8080)),
  /** Address the HTTP server binds; all interfaces by default, so a container's port can be published. */
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  /**
   * The address people's Discord clients reach this HTTP server at (`https://troupe.example.org`): persona
   * avatars are served under it (`/avatars/<id>.png`). Without it, stored avatars cannot be shown.
   */
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /**
   * What this process does on Discord: `all` (the default) everything; `gateway` holds the gateway
   * sessions, turns messages into lines, schedules turns and answers slash commands, but runs no turns;
   * `worker` runs the scheduled turns (model calls, posts over REST) and opens no gateway session.
   */
  ROLE: z.enum(['all', 'gateway', 'worker']).default('all'),
  TURN_CONCURRENCY: positiveInt(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The name you type as in the terminal playground. */
  PLAYER_NAME: z.string().trim().min(1).max(80).default('You'),
  /**
   * The playground's language (en, zh-CN, zh-TW, ja; others read English). On Discord each member reads
   * their own client's language and channel notices the server's.
   */
  LOCALE: z.string().trim().min(1).default('en'),
  /** Where the playground keeps a private Redis's data when it has to start one. */
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  /** Allow user pings from persona text by default in new channels. */
  ALLOW_USER_PINGS: booleanFlag,
  /** Role ids (comma-separated) whose members may change personas, the cast and the scene, besides Manage Server. */
  ADMIN_ROLE_IDS: snowflakeList('role ids'),
  /**
   * Application ids (comma-separated) of proxy bots besides Tupperbox and PluralKit (a server's own proxy
   * bot): their webhook messages are people speaking as characters.
   */
  PROXY_BOT_IDS: snowflakeList('application ids'),
});

export const configSchema = configObject.superRefine(crossCheck);

export type Config = z.output<typeof configSchema>;

/** `0,2`, `[0,2]` or `0` (what discord.js's own SHARDS accepts) → sorted unique ids; undefined if malformed. */
function parseShardIds(value: string): number[] | undefined {
  const parts = value
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((part) => part.trim());
  if (!parts.every((part) => /^\d+$/.test(part))) return undefined;
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/** Where a Redis Cluster is reached: its seed nodes, and what every node shares (TLS, user, password). */
export interface RedisClusterConfig {
  nodes: Array<{ host: string; port: number }>;
  /** `rediss://` seeds: every node is reached over TLS. */
  tls: boolean;
  username?: string;
  /** A secret: never log it. */
  password?: string;
}

/**
 * `host:port,…` or `redis[s]://[user:password@]host:port,…` → the seed nodes, or what is wrong (never
 * echoing a value, which may hold the password). Nodes share one scheme and one user and password.
 */
function parseClusterNodes(value: string): RedisClusterConfig | string {
  const entries = splitList(value);
  if (entries.length === 0) return 'at least one host:port';
  const nodes: RedisClusterConfig['nodes'] = [];
  /** What the nodes share (scheme, user, password), by its JSON: one entry when they agree. */
  const shared = new Map<string, Omit<RedisClusterConfig, 'nodes'>>();
  for (const entry of entries) {
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(entry) ? entry : `redis://${entry}`);
    } catch {
      return 'each node is host:port (or a redis:// or rediss:// URL)';
    }
    const port = Number(url.port);
    if (!['redis:', 'rediss:'].includes(url.protocol) || url.hostname === '' || !(port > 0)) {
      return 'each node is host:port with its port (or a redis:// or rediss:// URL)';
    }
    if (url.pathname !== '' && url.pathname !== '/')
      return 'a cluster has no database number: drop the /<db>';
    nodes.push({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    const username = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    shared.set(JSON.stringify([url.protocol, username, password]), {
      tls: url.protocol === 'rediss:',
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    });
  }
  if (shared.size > 1) return 'every node must use the same scheme, user and password';
  return { nodes, ...[...shared.values()][0]! };
}

/**
 * The gateway shards this process runs, as discord.js's `shards` and `shardCount` options: Discord's
 * recommended count, all here, when neither variable is set (`'auto'`).
 */
export function discordSharding(
  config: Pick<Config, 'SHARD_COUNT' | 'SHARDS'>,
): { shards: 'auto' } | { shards: number[]; shardCount: number } {
  if (config.SHARD_COUNT === undefined) return { shards: 'auto' };
  const all = Array.from({ length: config.SHARD_COUNT }, (_, id) => id);
  return { shards: config.SHARDS ?? all, shardCount: config.SHARD_COUNT };
}

/** Rules across variables, reported with the rest. */
function crossCheck(config: z.output<typeof configObject>, ctx: z.RefinementCtx): void {
  if (config.SHARDS !== undefined && config.SHARD_COUNT === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['SHARDS'],
      message: 'needs SHARD_COUNT (the total across every process)',
    });
  }
  if (config.ROLE !== 'all' && config.DISCORD_TOKEN === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['ROLE'],
      message: `${config.ROLE} needs DISCORD_TOKEN (the terminal playground runs everything in one process)`,
    });
  }
  const outside = config.SHARDS?.filter((id) => config.SHARD_COUNT !== undefined && id >= config.SHARD_COUNT);
  if (outside && outside.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['SHARDS'],
      message: `shard ids run from 0 to SHARD_COUNT - 1; ${outside.join(', ')} is out of range`,
    });
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws one `ConfigError` listing every problem. Never echoes values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

/** The price table for /usage: the guide's prices for the endpoint's region, with MODEL_PRICES over them. */
export function modelPrices(config: Pick<Config, 'MODEL_BASE_URL' | 'MODEL_PRICES'>): PriceTable {
  return { ...defaultPrices(config.MODEL_BASE_URL), ...config.MODEL_PRICES };
}

/** True when replies come from the offline simulator rather than a real model. */
export function usesSimulator(config: Config): boolean {
  return config.DASHSCOPE_API_KEY === undefined;
}

export interface PersonaBotTokens {
  /** personaId → its own bot token. A secret: never log it. */
  tokens: Map<string, string>;
  /** Personas whose `botTokenEnv` names a variable that is unset or empty (they speak through the webhook). */
  missing: Array<{ personaId: string; variable: string }>;
}

/**
 * Each persona's own Discord bot token, from the environment variable its `botTokenEnv` names. Read
 * here because this is the one module that reads the environment; persona files only name the variable.
 */
export function personaBotTokens(
  personas: ReadonlyArray<Pick<Persona, 'id' | 'botTokenEnv'>>,
  env: NodeJS.ProcessEnv = process.env,
): PersonaBotTokens {
  const tokens = new Map<string, string>();
  const missing: PersonaBotTokens['missing'] = [];
  for (const persona of personas) {
    if (persona.botTokenEnv === undefined) continue;
    const token = env[persona.botTokenEnv]?.trim();
    if (token) tokens.set(persona.id, token);
    else missing.push({ personaId: persona.id, variable: persona.botTokenEnv });
  }
  return { tokens, missing };
}
