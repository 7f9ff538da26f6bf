// One turn-worker process of `npm run bench:scale`: the core as the app builds it (Redis stores, BullMQ,
// the openai SDK against the simulator) with the product's worker settings, posting nowhere and counting
// stored replies in Redis. Redis comes from config.ts (REDIS_URL, or REDIS_CLUSTER_NODES for a cluster).
// Env: BENCH_PREFIX, SIMULATOR_URL, TURN_CONCURRENCY.
import { loadConfig } from '../src/config.js';
import type { Persona } from '../src/core/persona.js';
import type { PostedMessage, Stage } from '../src/core/ports.js';
import { QwenChatModel } from '../src/model/qwen-chat-model.js';
import { FilePersonaCatalog } from '../src/personas/file-persona-catalog.js';
import { loadPersonaDir } from '../src/personas/persona-loader.js';
import { startTurnWorker } from '../src/scheduler/turn-worker.js';
import type { Line, NewLine } from '../src/core/line.js';
import { createKeys, type Keys } from '../src/store/keys.js';
import { RedisHistoryStore } from '../src/store/redis-history-store.js';
import { openRedis, type RedisClient } from '../src/store/redis-connection.js';
import { wireCore } from '../src/wire-core.js';
import { BENCH_CORE_OPTIONS, repliesKey } from './scale-setup.js';
import { silentLogger } from '../test/support/in-memory.js';

const prefix = process.env.BENCH_PREFIX;
const simulatorUrl = process.env.SIMULATOR_URL;
if (!prefix || !simulatorUrl) throw new Error('scale-worker: BENCH_PREFIX and SIMULATOR_URL are required');

/** Posts nowhere; the ids are unique per process. */
class NullStage implements Stage {
  private next = 0;
  async typing(): Promise<void> {}
  async post(_channelId: string, _persona: Persona, chunks: string[]): Promise<PostedMessage> {
    return { messageIds: chunks.map(() => `p${process.pid}-${this.next++}`) };
  }
  async edit(_channelId: string, _persona: Persona, ids: string[], chunks: string[]): Promise<PostedMessage> {
    return { messageIds: chunks.map((_, i) => ids[i] ?? `p${process.pid}-${this.next++}`) };
  }
}

/**
 * Counts a turn when its reply is in history (one INCR per persona line), not when it is posted: the
 * benchmark sends a channel's next line once its reply counts, and a line stored between a reply's post
 * and its history write would find the reply after it and go unanswered.
 */
class CountingHistory extends RedisHistoryStore {
  constructor(
    private readonly counterRedis: RedisClient,
    private readonly counter: string,
    keys: Keys,
  ) {
    super(counterRedis, keys);
  }
  override async append(channelId: string, line: NewLine): Promise<Line> {
    const stored = await super.append(channelId, line);
    if (line.kind === 'persona') await this.counterRedis.incr(this.counter);
    return stored;
  }
}

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
  stage: new NullStage(),
  personas: new FilePersonaCatalog(personas),
  log: silentLogger,
  options: BENCH_CORE_OPTIONS,
});
const deps = { ...core.deps, history: new CountingHistory(redis, repliesKey(keys), keys) };
const worker = startTurnWorker(deps, openRedis(target), redis, keys, {
  concurrency: config.TURN_CONCURRENCY,
});
await worker.waitUntilReady();
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
