// The whole Troupe app (startApp, as `npm start` runs it with a DISCORD_TOKEN) against the local
// Discord-compatible server, the Qwen-compatible simulator and real Redis. Each world has its own
// server, simulator and key prefix, all removed on close. Tests act as people (say, run commands) and
// assert on what the channel shows and what the model was asked.
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { COMMANDS } from '../../commands/index.js';
import { startApp, type AppOptions, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { CoreOptions } from '../../src/core/deps.js';
import type { Line } from '../../src/core/line.js';
import type { Clock } from '../../src/core/ports.js';
import { deployCommands } from '../../src/discord/deploy-commands.js';
import { startSimulator, type Simulator } from '../../src/model/simulator/simulator.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { RedisHistoryStore } from '../../src/store/redis-history-store.js';
import { RedisSettingsStore } from '../../src/store/redis-settings-store.js';
import { TEST_WORKER_OPTIONS } from './core-harness.js';
import type { DiscordServerOptions, FakeBot, InteractionHandle, UserRecord } from './discord/index.js';
import { DiscordTestServer } from './discord/index.js';
import type { OptionValues } from './discord/command-options.js';
import type { ChannelRecord, GuildRecord, RoleRecord } from './discord/state.js';
import { connectCluster, connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './redis.js';
import { TEST_CLUSTER_NODES } from './redis-cluster.js';

/** A Redis URL where nothing listens (port 1 on loopback). */
const NOWHERE_REDIS_URL = 'redis://127.0.0.1:1';

/** Fast and deterministic: no jitter, a short debounce, human-like delays at 1%. */
export const E2E_CORE_OPTIONS: Partial<CoreOptions> = { debounceMs: 30, jitter: 0, humanDelayScale: 0.01 };

export const E2E_APP_OPTIONS: AppOptions = {
  core: E2E_CORE_OPTIONS,
  worker: TEST_WORKER_OPTIONS,
  // Test-only: no 50 req/s stall in @discordjs/rest, no 5 s identify throttle, a short guild wait, a
  // short hold of people's messages where a proxy bot may replace them.
  discord: {
    restGlobalRequestsPerSecond: 1e6,
    fastIdentify: true,
    waitGuildTimeoutMs: 500,
    proxyHoldMs: 300,
  },
  // Every app serves /healthz, /metrics (and whatever else mounts there) on a free loopback port: app.httpUrl.
  httpPort: 0,
};

export interface WorldOptions {
  server?: DiscordServerOptions;
  /** Persona files to use instead of the shipped ones (file name → YAML), added to a copy of personas/. */
  personaFiles?: Record<string, string>;
  /** Extra lines appended to shipped persona files (file name → YAML lines). */
  personaAppend?: Record<string, string>;
  /** Personas that log in as their own bot: a fake bot is made for each, in the guild, with its token in the env. */
  personaBots?: Array<{ personaId: string; username: string }>;
  /** Creates a role of this name (no permissions) before start and names it in ADMIN_ROLE_IDS. */
  adminRoleName?: string;
  /** Extra config variables. */
  config?: Record<string, string>;
  /**
   * Run on the local Redis Cluster (started if need be): REDIS_CLUSTER_NODES names it, and REDIS_URL
   * points where nothing answers, so only the cluster can serve the bot.
   */
  redisCluster?: boolean;
  /** Put the world's guild on this shard of a bot sharded `count` ways. */
  guildShard?: { id: number; count: number };
  /**
   * Makes the guild a Community guild with this `preferred_locale` (only those may set one; any other
   * guild's is en-US).
   */
  guildLocale?: string;
  core?: Partial<CoreOptions>;
  /** The simulator's clock: what `enable_realtime` replies say the date is. */
  simulatorClock?: Clock;
  /** Every instance's log lines (pino JSON) go here, at LOG_LEVEL (set it in `config`). */
  logs?: Writable;
}

export interface TroupeWorld {
  server: DiscordTestServer;
  simulator: Simulator;
  bot: FakeBot;
  guild: GuildRecord;
  channel: ChannelRecord;
  /** The role of `adminRoleName`, if asked for. */
  adminRole?: RoleRecord;
  /** The fake bots of `personaBots`, by persona id. */
  personaBots: Record<string, FakeBot>;
  /** The server's owner: an admin. Display name "Mia". */
  mia: UserRecord;
  /** A member without Manage Server. Display name "Noah". */
  noah: UserRecord;
  keys: Keys;
  apps: RunningApp[];
  /**
   * Starts one more Troupe process (in this Node process) on the same Redis prefix and bot token, with
   * `config` over the world's (e.g. another `SHARDS`).
   */
  startInstance(config?: Record<string, string>): Promise<RunningApp>;
  /** Stops one instance (a process leaving), leaving the others running. */
  stopInstance(app: RunningApp): Promise<void>;
  command(
    user: UserRecord,
    name: string,
    subcommand?: string,
    options?: OptionValues,
    channelId?: string,
  ): InteractionHandle;
  /** The first reply (callback or deferred edit) to an interaction, as the person sees it. */
  replyTo(handle: InteractionHandle, timeoutMs?: number): Promise<{ content: string; ephemeral: boolean }>;
  history(channelId?: string): Promise<Line[]>;
  settings: RedisSettingsStore;
  close(): Promise<void>;
}

function personasDir(options: WorldOptions): { dir: string; temporary: boolean } {
  if (!options.personaFiles && Object.keys(options.personaAppend ?? {}).length === 0)
    return { dir: 'personas', temporary: false };
  const dir = mkdtempSync(join(tmpdir(), 'troupe-personas-'));
  cpSync('personas', dir, { recursive: true });
  for (const [file, yaml] of Object.entries(options.personaFiles ?? {})) writeFileSync(join(dir, file), yaml);
  for (const [file, lines] of Object.entries(options.personaAppend ?? {})) {
    writeFileSync(join(dir, file), `${readFileSync(join(dir, file), 'utf8')}\n${lines}\n`);
  }
  return { dir, temporary: true };
}

export async function startTroupeOnDiscord(options: WorldOptions = {}): Promise<TroupeWorld> {
  const server = new DiscordTestServer(options.server);
  await server.start();
  const mia = server.createUser({ username: 'mia', globalName: 'Mia' });
  const guild = server.createGuild({
    name: 'Tavern',
    ownerId: mia.id,
    ...(options.guildShard ? { shard: options.guildShard } : {}),
    ...(options.guildLocale ? { locale: options.guildLocale, community: true } : {}),
  });
  const noah = server.createUser({ username: 'noah', globalName: 'Noah' });
  server.addMember(guild.id, noah.id);
  const channel = server.createChannel(guild.id, { name: 'roleplay' });
  const bot = server.createBot({ username: 'Troupe' });
  server.addMember(guild.id, bot.userId);
  const adminRole = options.adminRoleName
    ? server.createRole(guild.id, { name: options.adminRoleName, permissions: 0n })
    : undefined;
  const personaBots: Record<string, FakeBot> = {};
  const env: NodeJS.ProcessEnv = {};
  const personaAppend = { ...options.personaAppend };
  for (const { personaId, username } of options.personaBots ?? []) {
    const personaBot = server.createBot({ username });
    server.addMember(guild.id, personaBot.userId);
    personaBots[personaId] = personaBot;
    const variable = `PERSONA_${personaId.toUpperCase().replace(/-/g, '_')}_TOKEN`;
    env[variable] = personaBot.token;
    const file = `${personaId}.yaml`;
    personaAppend[file] = `${personaAppend[file] ?? ''}\nbotTokenEnv: ${variable}`;
  }
  const simulator = await startSimulator({
    port: 0,
    ...(options.simulatorClock ? { clock: options.simulatorClock } : {}),
  });
  const prefix = uniquePrefix('e2e');
  const keys = createKeys(prefix);
  const redis = options.redisCluster ? await connectCluster() : connectRedis();
  const personas = personasDir({ ...options, personaAppend });
  const worldConfig = {
    DISCORD_TOKEN: bot.token,
    DISCORD_API_URL: server.apiUrl,
    DISCORD_GUILD_ID: guild.id,
    DASHSCOPE_API_KEY: 'e2e-key',
    MODEL_BASE_URL: simulator.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    PERSONAS_DIR: personas.dir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    HTTP_HOST: '127.0.0.1',
    ...(options.redisCluster
      ? { REDIS_CLUSTER_NODES: TEST_CLUSTER_NODES, REDIS_URL: NOWHERE_REDIS_URL }
      : {}),
    ...(adminRole ? { ADMIN_ROLE_IDS: adminRole.id } : {}),
    ...options.config,
  };
  await deployCommands({
    token: bot.token,
    guildId: guild.id,
    apiUrl: server.apiUrl,
    commands: COMMANDS.map((c) => c.data),
  });
  const apps: RunningApp[] = [];
  const io = { input: new PassThrough(), output: new PassThrough() };
  const startInstance = async (overrides: Record<string, string> = {}) => {
    const config = loadConfig({ ...worldConfig, ...overrides });
    const app = await startApp(config, io, {
      ...E2E_APP_OPTIONS,
      // A test that needs a known port (PUBLIC_URL points at it) names HTTP_PORT; others get a free one.
      ...(config.HTTP_PORT !== 0 && (overrides.HTTP_PORT ?? options.config?.HTTP_PORT) !== undefined
        ? { httpPort: config.HTTP_PORT }
        : {}),
      core: { ...E2E_CORE_OPTIONS, ...options.core },
      env,
      ...(options.logs ? { logDestination: options.logs } : {}),
    });
    apps.push(app);
    return app;
  };
  await startInstance();
  const history = new RedisHistoryStore(redis, keys);
  const settings = new RedisSettingsStore(redis, keys);

  return {
    server,
    simulator,
    bot,
    guild,
    channel,
    mia,
    noah,
    ...(adminRole ? { adminRole } : {}),
    personaBots,
    keys,
    apps,
    startInstance,
    stopInstance: async (app) => {
      apps.splice(apps.indexOf(app), 1);
      await app.stop();
    },
    settings,
    command: (user, name, subcommand, values, channelId = channel.id) =>
      server.invokeCommand({
        name,
        userId: user.id,
        channelId,
        ...(subcommand ? { subcommand } : {}),
        ...(values ? { options: values } : {}),
      }),
    replyTo: async (handle, timeoutMs = 5000) => {
      const response = await server.waitForInteractionResponse(
        handle.id,
        (r) => typeof r.data?.content === 'string' && (r.kind === 'callback' || r.kind === 'editOriginal'),
        timeoutMs,
      );
      const ephemeral = server
        .interactionResponses(handle.id)
        .some((r) => r.kind === 'callback' && r.ephemeral);
      return { content: String(response.data?.content), ephemeral };
    },
    history: (channelId = channel.id) => history.recent(channelId, 500),
    close: async () => {
      // The bot's clients before the server (a client whose server vanished reconnects forever).
      await Promise.all(apps.map((app) => app.stop()));
      await server.close();
      await simulator.close();
      await deletePrefix(redis, prefix);
      await deletePrefix(redis, keys.bullPrefix);
      await redis.quit();
      if (personas.temporary) rmSync(personas.dir, { recursive: true, force: true });
    },
  };
}

/** Waits until no webhook execution or bot message has happened for `quietMs` (the scene has settled). */
export async function settle(world: TroupeWorld, quietMs = 400, timeoutMs = 10_000): Promise<void> {
  const activity = () =>
    world.server.requests.filter((r) => r.method === 'POST' && r.path !== '/gateway').length;
  const deadline = Date.now() + timeoutMs;
  let seen = activity();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = activity();
    if (now !== seen) {
      seen = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error(`the scene did not settle within ${timeoutMs} ms`);
}

/** Chat requests the model received whose messages include one with exactly this content. */
export function requestsWith(
  world: TroupeWorld,
  content: string,
): Array<{ messages: Array<{ role: string; content: string }> }> {
  return world.simulator.requests
    .map((r) => r.body as { messages?: Array<{ role: string; content: string }> })
    .filter(
      (body): body is { messages: Array<{ role: string; content: string }> } =>
        Array.isArray(body?.messages) && body.messages.some((m) => m.content === content),
    );
}
