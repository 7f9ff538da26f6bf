// What the single-process benchmarks (bench:turns, bench:soak) run on: the real turn engine on real Redis
// and BullMQ, the offline simulator through the openai SDK, the shipped personas, a stage of the
// benchmark's own, and the debounce and human-like delays at 0, under a key prefix of its own that
// `close()` deletes again.
import type { Persona } from '../src/core/persona.js';
import type { ChatModel, Stage } from '../src/core/ports.js';
import { QwenChatModel } from '../src/model/qwen-chat-model.js';
import { startSimulator, type Simulator } from '../src/model/simulator/simulator.js';
import { FilePersonaCatalog } from '../src/personas/file-persona-catalog.js';
import { loadPersonaDir } from '../src/personas/persona-loader.js';
import { startTurnWorker } from '../src/scheduler/turn-worker.js';
import { createKeys } from '../src/store/keys.js';
import { openRedis } from '../src/store/redis-connection.js';
import { wireCore, type WiredCore } from '../src/wire-core.js';
import { silentLogger } from '../test/support/in-memory.js';
import { deletePrefix } from '../test/support/redis.js';

export interface BenchEngineOptions {
  /** Names the run's keys (`<name>-<time>`). */
  name: string;
  redisUrl: string;
  stage: Stage;
  /** The turn worker's concurrency. */
  concurrency: number;
  /** Each shipped persona as the benchmark wants it (e.g. on another model). */
  persona?: (persona: Persona) => Persona;
  /** Wraps the model the engine calls (e.g. to count requests). */
  model?: (model: ChatModel) => ChatModel;
}

export interface BenchEngine {
  core: WiredCore;
  simulator: Simulator;
  redis: ReturnType<typeof openRedis>;
  close(): Promise<void>;
}

export async function startBenchEngine(options: BenchEngineOptions): Promise<BenchEngine> {
  const prefix = `${options.name}-${Date.now().toString(36)}`;
  const keys = createKeys(prefix);
  const redis = openRedis(options.redisUrl);
  const workerRedis = openRedis(options.redisUrl);
  const simulator = await startSimulator({ port: 0 });
  const { personas } = await loadPersonaDir('personas');
  const sdkModel = new QwenChatModel({ baseURL: simulator.url, apiKey: 'bench' });
  const core = wireCore({
    redis,
    keys,
    model: options.model ? options.model(sdkModel) : sdkModel,
    stage: options.stage,
    personas: new FilePersonaCatalog(options.persona ? personas.map(options.persona) : personas),
    log: silentLogger,
    options: { debounceMs: 0, humanDelayScale: 0, jitter: 0 },
  });
  const worker = startTurnWorker(core.deps, workerRedis, redis, keys, { concurrency: options.concurrency });
  await worker.waitUntilReady();
  return {
    core,
    simulator,
    redis,
    close: async () => {
      await worker.close();
      await core.queue.queue.obliterate({ force: true });
      await core.queue.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
      await workerRedis.quit();
      await simulator.close();
    },
  };
}
