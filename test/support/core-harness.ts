// The real core on real Redis and BullMQ, talking through the real openai SDK to the in-process
// Qwen-compatible simulator. Each harness has its own key prefix and queue prefix, removed on close.
import type { Worker } from 'bullmq';
import type { PrefixMode } from '../../src/core/chat.js';
import type { CoreOptions } from '../../src/core/deps.js';
import type { Persona } from '../../src/core/persona.js';
import type { AdminNotices, ChatModel, Clock, Stage } from '../../src/core/ports.js';
import { QwenChatModel } from '../../src/model/qwen-chat-model.js';
import { startSimulator, type Simulator } from '../../src/model/simulator/simulator.js';
import { FilePersonaCatalog } from '../../src/personas/file-persona-catalog.js';
import { loadPersonaDir } from '../../src/personas/persona-loader.js';
import type { TurnJobData } from '../../src/scheduler/turn-queue.js';
import { startTurnWorker, type TurnWorkerOptions } from '../../src/scheduler/turn-worker.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { openRedis, type RedisClient } from '../../src/store/redis-connection.js';
import { wireCore, type WiredCore } from '../../src/wire-core.js';
import { RecordingStage, silentLogger } from './in-memory.js';
import { connectRedis, deletePrefix, uniquePrefix } from './redis.js';
import { ensureRedisCluster, TEST_CLUSTER } from './redis-cluster.js';

/** Fast timings for tests; the defaults are for people. */
export const TEST_CORE_OPTIONS: Partial<CoreOptions> = {
  debounceMs: 150,
  jitter: 0.1,
  humanDelayScale: 0.05,
};

export const TEST_WORKER_OPTIONS: TurnWorkerOptions = {
  busyRetryMs: 50,
  lockTtlMs: 2_000,
  jobLockMs: 2_000,
  stalledIntervalMs: 1_000,
};

let shippedPersonas: Persona[] | undefined;
export async function shipped(): Promise<Persona[]> {
  shippedPersonas ??= (await loadPersonaDir('personas')).personas;
  return shippedPersonas;
}

export interface CoreHarness {
  prefix: string;
  keys: Keys;
  redis: RedisClient;
  simulator: Simulator;
  model: ChatModel;
  stage: RecordingStage;
  core: WiredCore;
  workers: Array<Worker<TurnJobData>>;
  startWorker(options?: TurnWorkerOptions): Worker<TurnJobData>;
  close(): Promise<void>;
}

export async function startCoreHarness(
  options: {
    personas?: Persona[];
    stage?: Stage;
    core?: Partial<CoreOptions>;
    attempts?: number;
    workers?: number;
    wrapModel?: (model: ChatModel) => ChatModel;
    /** How the model adapter continues the `Name:` prefix. @defaultValue 'partial' */
    prefixMode?: PrefixMode;
    /** Where admin notices go. */
    notices?: AdminNotices;
    /** The simulator's clock (what `enable_realtime` replies say the date is). */
    simulatorClock?: Clock;
    /** The core's and the stores' clock (line times, the budget's UTC day). */
    clock?: Clock;
    /** Run on the local Redis Cluster (test/support/redis-cluster.ts) instead of the one Redis. */
    cluster?: boolean;
  } = {},
): Promise<CoreHarness> {
  const prefix = uniquePrefix('core');
  const keys = createKeys(prefix);
  if (options.cluster) await ensureRedisCluster();
  const connect = (): RedisClient =>
    options.cluster ? openRedis({ cluster: TEST_CLUSTER }) : connectRedis();
  const redis = connect();
  const simulator = await startSimulator({
    port: 0,
    ...(options.simulatorClock ? { clock: options.simulatorClock } : {}),
  });
  const sdkModel = new QwenChatModel({
    baseURL: simulator.url,
    apiKey: 'test-key',
    timeoutMs: 5_000,
    ...(options.prefixMode ? { prefixMode: options.prefixMode } : {}),
  });
  const model = options.wrapModel ? options.wrapModel(sdkModel) : sdkModel;
  const stage = new RecordingStage();
  const personas = new FilePersonaCatalog(options.personas ?? (await shipped()));
  const core = wireCore({
    redis,
    keys,
    model,
    stage: options.stage ?? stage,
    personas,
    log: silentLogger,
    attempts: options.attempts,
    ...(options.notices ? { notices: options.notices } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    options: {
      ...TEST_CORE_OPTIONS,
      ...(options.prefixMode ? { prefixMode: options.prefixMode } : {}),
      ...options.core,
    },
  });
  const connections: RedisClient[] = [];
  const workers: Array<Worker<TurnJobData>> = [];
  const startWorker = (workerOptions: TurnWorkerOptions = {}) => {
    const connection = connect();
    connections.push(connection);
    const worker = startTurnWorker(core.deps, connection, redis, keys, {
      ...TEST_WORKER_OPTIONS,
      ...workerOptions,
    });
    workers.push(worker);
    return worker;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) startWorker();

  return {
    prefix,
    keys,
    redis,
    simulator,
    model,
    stage,
    core,
    workers,
    startWorker,
    close: async () => {
      // Not forced: a turn still running would otherwise write after its keys were deleted.
      await Promise.all(workers.map((w) => w.close()));
      await core.queue.queue.obliterate({ force: true }).catch(() => undefined);
      await core.queue.close();
      await Promise.all(connections.map((c) => c.quit()));
      await deletePrefix(redis, prefix);
      await deletePrefix(redis, keys.bullPrefix);
      await redis.quit();
      await simulator.close();
    },
  };
}
