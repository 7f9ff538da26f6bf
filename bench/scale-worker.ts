// One turn-worker process of `npm run bench:scale`: the core as the app builds it (Redis stores, BullMQ,
// the openai SDK against the simulator) with the product's worker settings, posting to a stage that only
// counts posts in Redis. Redis comes from config.ts (REDIS_URL, or REDIS_CLUSTER_NODES for a cluster).
// Env: BENCH_PREFIX, SIMULATOR_URL, TURN_CONCURRENCY.
import { loadConfig } from '../src/config.js';
import type { Persona } from '../src/core/persona.js';
import type { PostedMessage, Stage } from '../src/core/ports.js';
import { QwenChatModel } from '../src/model/qwen-chat-model.js';
import { FilePersonaCatalog } from '../src/personas/file-persona-catalog.js';
import { loadPersonaDir } from '../src/personas/persona-loader.js';
import { startTurnWorker } from '../src/scheduler/turn-worker.js';
import { createKeys } from '../src/store/keys.js';
import { openRedis, type RedisClient } from '../src/store/redis-connection.js';
import { wireCore } from '../src/wire-core.js';
import { BENCH_CORE_OPTIONS, postsKey } from './scale-setup.js';

const prefix = process.env.BENCH_PREFIX;
const simulatorUrl = process.env.SIMULATOR_URL;
if (!prefix || !simulatorUrl) throw new Error('scale-worker: BENCH_PREFIX and SIMULATOR_URL are required');

/** Counts posts (one INCR each), so the benchmark sees every worker's turns. */
class CountingStage implements Stage {
  private next = 0;
  constructor(
    private readonly redis: RedisClient,
    private readonly counter: string,
  ) {}
  async typing(): Promise<void> {}
  async post(_channelId: string, _persona: Persona, chunks: string[]): Promise<PostedMessage> {
    await this.redis.incr(this.counter);
    return { messageIds: chunks.map(() => `p${process.pid}-${this.next++}`) };
  }
  async edit(_channelId: string, _persona: Persona, ids: string[], chunks: string[]): Promise<PostedMessage> {
    return { messageIds: chunks.map((_, i) => ids[i] ?? `p${process.pid}-${this.next++}`) };
  }
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const config = loadConfig();
const target = config.REDIS_CLUSTER_NODES
  ? { cluster: config.REDIS_CLUSTER_NODES }
  : { url: config.REDIS_URL };
const redis = openRedis(target);
const keys = createKeys(prefix);
const { personas } = await loadPersonaDir('personas');
const core = wireCore({
  redis,
  keys,
  model: new QwenChatModel({ baseURL: simulatorUrl, apiKey: 'bench', timeoutMs: 30_000 }),
  stage: new CountingStage(redis, postsKey(keys)),
  personas: new FilePersonaCatalog(personas),
  log: silent,
  options: BENCH_CORE_OPTIONS,
});
const worker = startTurnWorker(core.deps, openRedis(target), redis, keys, {
  concurrency: config.TURN_CONCURRENCY,
});
await worker.waitUntilReady();
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
