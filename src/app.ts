// The composition root: builds and starts Troupe from a parsed config, naming every adapter — config →
// logger → Redis (connections, the store factory) → personas → HTTP server and metrics → model →
// Discord or the terminal → turn queue → core → HTTP routes → Discord's gateway (or, for a worker, its
// REST only) → turn worker (not in a gateway). ROLE decides which of the last steps a process takes.
// `main.ts` calls it for the real process; tests call it to run the whole app in-process. (`wire-core.ts`
// only assembles CoreDeps from what is built here.)
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Worker } from 'bullmq';
import { pino } from 'pino';
import { COMMANDS } from '../commands/index.js';
import { discordSharding, modelPrices, personaBotTokens, usesSimulator, type Config } from './config.js';
import { budgetCurrency, modelsOutsideBudget } from './core/budget.js';
import type { CoreOptions } from './core/deps.js';
import { MODEL_LIMITS } from './core/models.js';
import type { Persona } from './core/persona.js';
import type { PriceTable } from './core/prices.js';
import type { AdminNotices as AdminNoticesPort, FailureLog, Stage } from './core/ports.js';
import { text, type Text } from './core/text.js';
import { AdminNotices } from './discord/admin-notices.js';
import { BotIdentity } from './discord/bot-identity.js';
import { createDiscordClient, type DiscordTuning } from './discord/discord-client.js';
import { DiscordConnection } from './discord/discord-connection.js';
import { DiscordStage } from './discord/discord-stage.js';
import { EventClaims } from './discord/event-claims.js';
import { MemberLocales } from './discord/member-locales.js';
import { PersonaBots } from './discord/persona-bots.js';
import { KNOWN_PROXY_APP_IDS } from './discord/proxied-messages.js';
import { WebhookStore } from './discord/webhook-store.js';
import { startDiscord } from './discord/start-discord.js';
import { startDiscordRest } from './discord/start-discord-rest.js';
import { discordHealthProbe, shardReadiness } from './discord/shard-readiness.js';
import { mountAvatarRoute } from './avatars/avatar-route.js';
import { RedisAvatarStore } from './avatars/avatar-store.js';
import { mountHealthRoutes } from './http/health-routes.js';
import { HttpServer } from './http/http-server.js';
import { createLogger, type Logger } from './logger.js';
import { MeteredChatModel } from './metrics/metered-chat-model.js';
import { mountMetricsRoute } from './metrics/metrics-route.js';
import { QUEUE_STATES, TroupeMetrics, turnOutcomeLabel } from './metrics/troupe-metrics.js';
import type { DestinationStream } from 'pino';
import { QwenChatModel } from './model/qwen-chat-model.js';
import { qwenTokenCounter, warmQwenTokenizer } from './model/qwen-tokens.js';
import { startSimulator, type Simulator } from './model/simulator/simulator.js';
import { FilePersonaCatalog } from './personas/file-persona-catalog.js';
import { loadPersonaDir } from './personas/persona-loader.js';
import type { PersonaFileError } from './personas/persona-file.js';
import { TurnQueue, type TurnJobData } from './scheduler/turn-queue.js';
import { startTurnWorker, turnWorkerHealthProbe, type TurnWorkerOptions } from './scheduler/turn-worker.js';
import { createKeys, type Keys } from './store/keys.js';
import { RedisProxyHolds } from './store/redis-proxy-holds.js';
import { createRedisStores } from './store/redis-stores.js';
import {
  openRedis,
  redisAnswers,
  startPrivateRedis,
  type PrivateRedis,
  type RedisClient,
  type RedisTarget,
} from './store/redis-connection.js';
import { RedisOutage } from './store/redis-outage.js';
import { redisHealthProbe } from './store/redis-health-probe.js';
import { TerminalStage } from './terminal/terminal-stage.js';
import { runPlayground } from './terminal/playground.js';
import { coreDeps } from './wire-core.js';

/** The guide's group-chat musicians: they belong in one scene and open it with their greetings. */
export const PLAYGROUND_CAST = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];
export const PLAYGROUND_CHANNEL = 'playground';

export interface AppIo {
  input: Readable;
  output: Writable;
}

export interface RunningApp {
  /** Settles when the app ends on its own (the playground's /quit or end of input). */
  done: Promise<void>;
  /** The HTTP server's base URL (`http://127.0.0.1:8080`), when it runs (HTTP_PORT ≠ 0, not the playground). */
  httpUrl?: string;
  stop(): Promise<void>;
}

/** Knobs for tests and benchmarks; production runs with none. */
export interface AppOptions {
  /** Core timings (debounce, human-like delays): tests and benchmarks run faster than people. */
  core?: Partial<CoreOptions>;
  worker?: TurnWorkerOptions;
  /** discord.js settings for a local Discord-compatible server. */
  discord?: DiscordTuning;
  /** Where personas' own bot tokens are read (through config.ts); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Listen on this port instead of HTTP_PORT, even when HTTP_PORT is 0 (tests: 0 picks a free port). */
  httpPort?: number;
  /** Where the log goes instead of stdout (tests read it). Not for the playground, which logs to a file. */
  logDestination?: DestinationStream;
}

export async function startApp(config: Config, io: AppIo, options: AppOptions = {}): Promise<RunningApp> {
  const playground = config.DISCORD_TOKEN === undefined;
  const log = playground ? playgroundLogger(config) : createLogger(config.LOG_LEVEL, options.logDestination);
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const redisTarget = await reachRedis(config, playground, log, cleanups);
    // One line when Redis goes away and one when it is back, not one per reconnect attempt.
    const outage = new RedisOutage(log.child({ module: 'redis' }));
    const redis = outage.watch(openRedis(redisTarget));
    cleanups.push(
      async () => outage.close(),
      async () => redis.quit(),
    );
    const keys = createKeys(config.REDIS_PREFIX);
    // Prompts are counted in Qwen's own tokens; loading its tokenizer now keeps the first turn quick.
    log.debug({ ms: Math.round(warmQwenTokenizer()) }, 'tokenizer loaded');
    const stores = createRedisStores(redis, keys, {
      historyLimit: config.HISTORY_LIMIT,
      log: log.child({ module: 'personas' }),
      tokens: qwenTokenCounter,
    });
    const avatars = new RedisAvatarStore(redis, keys);

    const loaded = await loadPersonaDir(config.PERSONAS_DIR);
    for (const error of loaded.errors) log.error({ file: error.message }, 'persona file rejected');
    await storeCardPictures(loaded.personas, loaded.images, avatars, log);
    // Personas made in a server (slash commands) live in Redis; the playground has no server.
    const personas = new FilePersonaCatalog(
      loaded.personas,
      playground ? {} : { guildSource: stores.guildPersonas },
    );

    const prices = modelPrices(config);
    const http = playground ? undefined : httpServer(config, options, log, cleanups);
    const metrics = http
      ? new TroupeMetrics({ knownModels: knownModels(config, prices, loaded.personas) })
      : undefined;
    const { model, simulator } = await createModel(config, log);
    if (simulator) cleanups.push(() => simulator.close());
    const banner = bannerLines(config, simulator, loaded.personas.length, loaded.errors);
    if (simulator) log.warn({ url: simulator.url }, 'no DASHSCOPE_API_KEY: replies are simulated offline');

    const discord = playground
      ? undefined
      : connectDiscord(config, loaded.personas, options, { redis, keys, log, failures: stores.failures });
    if (discord) cleanups.push(() => discord.destroy());
    // Where personas speak, and where admin notices (a rejected API key) go: on Discord the bot posts
    // them in the channel; the terminal prints them.
    let stage: Stage;
    let notices: AdminNoticesPort;
    if (discord) {
      stage = new DiscordStage({
        client: discord.client,
        personaBots: discord.personaBots,
        webhooks: discord.webhooks,
        notices: discord.notices,
        settings: stores.settings,
        allowUserPingsEverywhere: config.ALLOW_USER_PINGS,
        publicUrl: config.PUBLIC_URL,
        log: log.child({ module: 'stage' }),
      });
      notices = discord.notices;
    } else {
      const terminal = new TerminalStage(io.output, {
        colour: 'isTTY' in io.output && Boolean(io.output.isTTY),
        locale: config.LOCALE,
      });
      stage = terminal;
      notices = terminal;
    }
    const queue = new TurnQueue(redis, redis, keys, {
      onError: (err) => outage.absorbs(err) || log.error({ err }, 'turn queue error'),
    });
    cleanups.push(() => queue.close());
    warnOfUncountedSpend(prices, config.MODEL, log);
    const deps = coreDeps({
      stores,
      scheduler: queue,
      model: metrics ? new MeteredChatModel(model, metrics) : model,
      stage,
      personas,
      log: log.child({ module: 'core' }),
      historyLimit: config.HISTORY_LIMIT,
      tokens: qwenTokenCounter,
      options: {
        defaultModel: config.MODEL,
        prefixMode: config.MODEL_PREFIX_MODE,
        prices,
        dailyBudget: config.DAILY_BUDGET,
        ...options.core,
      },
      notices,
    });
    // The playground does everything; on Discord, ROLE splits the gateway from the turns.
    const role = playground ? 'all' : config.ROLE;
    let worker: Worker<TurnJobData> | undefined;
    // Listening before Discord's login, so /readyz can say the shards are not ready yet.
    let httpUrl: string | undefined;
    if (http && metrics) {
      mountAvatarRoute(http.server, avatars);
      mountHealthRoutes(http.server, {
        live: [redisHealthProbe(redis)],
        ready: [
          ...(discord && role !== 'worker' ? [discordHealthProbe(discord.client)] : []),
          ...(role !== 'gateway' ? [turnWorkerHealthProbe(() => worker)] : []),
        ],
      });
      metrics.watchTurnQueue(() => queue.jobCounts(QUEUE_STATES));
      if (discord && role !== 'worker') metrics.watchShards(() => shardReadiness(discord.client));
      mountMetricsRoute(http.server, metrics);
      httpUrl = await http.server.listen(http.port, config.HTTP_HOST);
    }
    if (discord && role === 'worker') {
      await startDiscordRest(discord, config.DISCORD_TOKEN!, log.child({ module: 'discord' }));
    } else if (discord) {
      // Stops listening on shutdown once the worker has finished its turns; the clients go last.
      const stopDiscord = await startDiscord({
        connection: discord,
        token: config.DISCORD_TOKEN!,
        deps,
        commands: COMMANDS,
        guildPersonas: stores.guildPersonas,
        adminRoleIds: config.ADMIN_ROLE_IDS,
        avatars,
        publicUrl: config.PUBLIC_URL,
      });
      cleanups.push(stopDiscord);
    }
    // Turns run once the stage can post. A gateway alone runs none: they wait in the queue for a worker.
    if (role !== 'gateway') {
      const workerRedis = outage.watch(openRedis(redisTarget));
      cleanups.push(async () => workerRedis.quit());
      const running = startTurnWorker(deps, workerRedis, redis, keys, {
        concurrency: config.TURN_CONCURRENCY,
        outage,
        ...countedTurns(options.worker, metrics),
      });
      worker = running;
      cleanups.push(() => running.close());
    }

    const done = playground
      ? runPlayground(deps, {
          channelId: PLAYGROUND_CHANNEL,
          playerName: config.PLAYER_NAME,
          locale: config.LOCALE,
          defaultCast: PLAYGROUND_CAST.filter((id) => loaded.personas.some((p) => p.id === id)),
          input: io.input,
          output: io.output,
          banner,
        })
      : new Promise<void>(() => undefined);
    return { done, stop, ...(httpUrl !== undefined ? { httpUrl } : {}) };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The worker's outcome hooks, with every turn counted in troupe_turns_total. */
function countedTurns(
  options: TurnWorkerOptions = {},
  metrics: TroupeMetrics | undefined,
): TurnWorkerOptions {
  if (!metrics) return options;
  return {
    ...options,
    onOutcome: (outcome, data) => {
      metrics.turnFinished(turnOutcomeLabel(outcome));
      options.onOutcome?.(outcome, data);
    },
    onFailed: (data) => {
      metrics.turnFinished('failed');
      options.onFailed?.(data);
    },
  };
}

/**
 * Model names the metrics report by name: the known models, the prices', MODEL and the shipped
 * persona files'. A model named only by a persona made in some server is reported as `other`, so
 * nobody can grow the metrics without bound by importing personas.
 */
function knownModels(config: Config, prices: PriceTable, personas: readonly Persona[]): Set<string> {
  return new Set([
    ...Object.keys(MODEL_LIMITS),
    ...Object.keys(prices),
    config.MODEL,
    ...personas.flatMap((persona) => (persona.model ? [persona.model] : [])),
  ]);
}

/**
 * The Discord side (not yet logged in): the main bot, each persona that has its own token, the channel
 * webhooks, admin notices and the event claims that keep several processes from handling one event twice.
 */
function connectDiscord(
  config: Config,
  personas: readonly Persona[],
  options: AppOptions,
  shared: { redis: RedisClient; keys: Keys; log: Logger; failures: FailureLog },
): DiscordConnection {
  const { redis, keys } = shared;
  const log = shared.log.child({ module: 'discord' });
  const { tokens, missing } = personaBotTokens(personas, options.env);
  for (const { personaId, variable } of missing) {
    log.warn(
      { personaId, variable },
      "persona's bot token variable is not set; it speaks through the webhook",
    );
  }
  const rest = { apiUrl: config.DISCORD_API_URL, tuning: options.discord, sharding: discordSharding(config) };
  const client = createDiscordClient({ kind: 'main', ...rest });
  const identity = new BotIdentity(client);
  const withTokens = personas.flatMap((persona) => {
    const token = tokens.get(persona.id);
    return token ? [{ persona, token }] : [];
  });
  const memberLocales = new MemberLocales(redis, keys);
  return new DiscordConnection({
    client,
    identity,
    personaBots: new PersonaBots(withTokens, rest),
    webhooks: new WebhookStore(client, redis, keys, log, identity),
    notices: new AdminNotices(client, shared.failures, log, memberLocales),
    claims: new EventClaims(redis, keys),
    memberLocales,
    proxyHolds: new RedisProxyHolds(redis, keys),
    proxyAppIds: [...new Set([...KNOWN_PROXY_APP_IDS, ...config.PROXY_BOT_IDS])],
    tuning: options.discord,
  });
}

/**
 * The HTTP server (health, metrics, avatars), unless HTTP_PORT is 0. Routes are mounted on it while
 * the app is built; it listens once they all are.
 */
function httpServer(
  config: Config,
  options: AppOptions,
  log: Logger,
  cleanups: Array<() => Promise<unknown>>,
): { server: HttpServer; port: number } | undefined {
  const port = options.httpPort ?? config.HTTP_PORT;
  if (options.httpPort === undefined && config.HTTP_PORT === 0) return undefined;
  const server = new HttpServer({ log });
  cleanups.push(() => server.close());
  return { server, port };
}

/** Spending caps count one currency (core/budget.ts): say at start which priced models they cannot see. */
function warnOfUncountedSpend(prices: PriceTable, defaultModel: string, log: Logger): void {
  const outside = modelsOutsideBudget(prices, defaultModel);
  if (outside.length === 0) return;
  log.warn(
    { currency: budgetCurrency(prices, defaultModel), models: outside },
    'MODEL_PRICES mixes currencies: spending caps do not count these models; price every model in one currency',
  );
}

/** The playground's screen is the conversation; logs go to a file beside the data. */
function playgroundLogger(config: Config): Logger {
  const dir = resolve(config.DATA_DIR);
  mkdirSync(dir, { recursive: true });
  return createLogger(config.LOG_LEVEL, pino.destination({ dest: resolve(dir, 'troupe.log'), sync: false }));
}

/**
 * Where Redis answers: the cluster of REDIS_CLUSTER_NODES, else REDIS_URL, else (the playground only) a
 * private redis-server started here.
 */
async function reachRedis(
  config: Config,
  playground: boolean,
  log: Logger,
  cleanups: Array<() => Promise<unknown>>,
): Promise<RedisTarget> {
  if (config.REDIS_CLUSTER_NODES) {
    const target = { cluster: config.REDIS_CLUSTER_NODES };
    if (await redisAnswers(target)) return target;
    throw new Error(
      'The Redis Cluster of REDIS_CLUSTER_NODES is not ready (no seed node answers, or cluster_state ' +
        'is not ok). Check the nodes and `redis-cli -c -h <host> -p <port> cluster info`.',
    );
  }
  if (await redisAnswers(config.REDIS_URL)) return { url: config.REDIS_URL };
  if (!playground) {
    throw new Error(
      `No Redis answers at REDIS_URL. Start one with \`docker compose up -d redis\` or set REDIS_URL.`,
    );
  }
  const privateRedis: PrivateRedis = await startPrivateRedis(config.DATA_DIR);
  cleanups.push(() => privateRedis.stop());
  log.info({ url: privateRedis.url }, 'no Redis at REDIS_URL; started a private redis-server');
  return { url: privateRedis.url };
}

async function createModel(
  config: Config,
  log: Logger,
): Promise<{ model: QwenChatModel; simulator?: Simulator }> {
  const common = {
    timeoutMs: config.MODEL_TIMEOUT_MS,
    prefixMode: config.MODEL_PREFIX_MODE,
    logger: log.child({ module: 'model' }),
  };
  if (!usesSimulator(config)) {
    return {
      model: new QwenChatModel({
        ...common,
        baseURL: config.MODEL_BASE_URL,
        apiKey: config.DASHSCOPE_API_KEY!,
      }),
    };
  }
  const simulator = await startSimulator({ port: 0, latencyMs: 600 });
  return {
    model: new QwenChatModel({ ...common, baseURL: simulator.url, apiKey: 'offline-simulator' }),
    simulator,
  };
}

function bannerLines(
  config: Config,
  simulator: Simulator | undefined,
  personaCount: number,
  errors: readonly PersonaFileError[],
): Text[] {
  const lines = [
    text('playground.banner.title'),
    simulator
      ? text('playground.banner.simulated')
      : text('playground.banner.model', {
          model: config.MODEL,
          host: new URL(config.MODEL_BASE_URL).host,
        }),
    text('playground.banner.personas', {
      count: personaCount,
      dir: config.PERSONAS_DIR,
      log: resolve(config.DATA_DIR, 'troupe.log'),
    }),
  ];
  for (const error of errors) {
    for (const problem of error.problems) {
      lines.push(text('playground.banner.fileProblem', { file: error.source, problem }));
    }
  }
  return lines;
}

/**
 * Cards in PERSONAS_DIR bring their pictures: each is stored (every process stores the same bytes under
 * the same id) and becomes the avatar of a persona that names no `avatarUrl`. A picture that cannot be
 * read is logged and skipped; the persona still loads.
 */
async function storeCardPictures(
  personas: Persona[],
  images: ReadonlyMap<string, Uint8Array>,
  avatars: RedisAvatarStore,
  log: Logger,
): Promise<void> {
  for (const [index, persona] of personas.entries()) {
    const image = images.get(persona.id);
    if (!image || persona.avatarUrl) continue;
    try {
      personas[index] = { ...persona, avatarImage: await avatars.put(image) };
    } catch (err) {
      log.warn({ err, personaId: persona.id }, "card picture not used as the persona's avatar");
    }
  }
}
