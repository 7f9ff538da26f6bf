// A turn worker in its own process, for crash tests: it builds the core as the app does (Redis stores,
// BullMQ, the openai SDK against the simulator) and posts to a Redis-backed stage. Its locks and stalled
// checks are the product's defaults, so a crash test measures the recovery a deployment gets.
// Env: REDIS_URL, TEST_PREFIX, SIMULATOR_URL, POSTS_KEY.
import { QwenChatModel } from '../../src/model/qwen-chat-model.js';
import { FilePersonaCatalog } from '../../src/personas/file-persona-catalog.js';
import { loadPersonaDir } from '../../src/personas/persona-loader.js';
import { startTurnWorker } from '../../src/scheduler/turn-worker.js';
import { createKeys } from '../../src/store/keys.js';
import { wireCore } from '../../src/wire-core.js';
import { TEST_CORE_OPTIONS, TEST_WORKER_OPTIONS } from './core-harness.js';
import { silentLogger } from './in-memory.js';
import { RedisStage } from './redis-stage.js';
import { connectRedis } from './redis.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker-process: ${name} is required`);
  return value;
};

const redis = connectRedis();
const keys = createKeys(env('TEST_PREFIX'));
const { personas } = await loadPersonaDir('personas');
const core = wireCore({
  redis,
  keys,
  model: new QwenChatModel({ baseURL: env('SIMULATOR_URL'), apiKey: 'test-key', timeoutMs: 10_000 }),
  stage: new RedisStage(redis, env('POSTS_KEY')),
  personas: new FilePersonaCatalog(personas),
  log: silentLogger,
  options: TEST_CORE_OPTIONS,
});
const worker = startTurnWorker(core.deps, connectRedis(), redis, keys, {
  busyRetryMs: TEST_WORKER_OPTIONS.busyRetryMs,
});
await worker.waitUntilReady();
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
