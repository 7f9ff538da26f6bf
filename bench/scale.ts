// `npm run bench:scale` — how turns per second grow with worker processes. The model is the simulator at
// a fixed latency (200 ms, as a real model's first bytes are far slower than Troupe's own work), so a
// worker spends its turns waiting and more processes should add throughput until the CPU or Redis is the
// limit. For 1, 2 and 4 worker processes (bench/scale-worker.ts, each with the product's
// TURN_CONCURRENCY), on one Redis and on the local Redis Cluster (three masters, started if need be):
// one person line in each of many channels, a reply each, a few rounds; turns/s and the ratio to one
// worker. This process plays the gateway (lines → history → director → BullMQ) and runs the simulator.
// Env: REDIS_URL, BENCH_LATENCY_MS (200), BENCH_CHANNELS (240), BENCH_ROUNDS (3), BENCH_WORKERS (1,2,4),
// TURN_CONCURRENCY (the product's 8), BENCH_TARGETS (redis,cluster).
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Cluster } from 'ioredis';
import { receiveLine } from '../src/core/receive.js';
import { QwenChatModel } from '../src/model/qwen-chat-model.js';
import { startSimulator } from '../src/model/simulator/simulator.js';
import { FilePersonaCatalog } from '../src/personas/file-persona-catalog.js';
import { loadPersonaDir } from '../src/personas/persona-loader.js';
import { createKeys } from '../src/store/keys.js';
import { openRedis, type RedisClient } from '../src/store/redis-connection.js';
import { wireCore } from '../src/wire-core.js';
import { deletePrefix } from '../test/support/redis.js';
import { ensureRedisCluster, TEST_CLUSTER_NODES } from '../test/support/redis-cluster.js';
import { BENCH_CORE_OPTIONS, repliesKey } from './scale-setup.js';
import { silentLogger } from '../test/support/in-memory.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 240);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const CONCURRENCY = Number(process.env.TURN_CONCURRENCY ?? 8);
const TARGETS = (process.env.BENCH_TARGETS ?? 'redis,cluster').split(',');
const CAST = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];
/** How long a round may take before the benchmark gives up on it, ms. */
const ROUND_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  name: string;
  /** Environment a worker process reads its Redis from (through config.ts). */
  env: Record<string, string>;
  open(): RedisClient;
}

async function targets(): Promise<Target[]> {
  const all: Target[] = [];
  if (TARGETS.includes('redis')) {
    all.push({ name: 'one Redis', env: { REDIS_URL }, open: () => openRedis({ url: REDIS_URL }) });
  }
  if (TARGETS.includes('cluster')) {
    const cluster = await ensureRedisCluster();
    all.push({
      name: 'Redis Cluster (3 masters)',
      env: { REDIS_CLUSTER_NODES: TEST_CLUSTER_NODES },
      open: () => openRedis({ cluster }),
    });
  }
  return all;
}

async function startWorkers(count: number, target: Target, prefix: string, simulatorUrl: string) {
  const children: ChildProcess[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scale-worker.ts'], {
        env: {
          ...process.env,
          ...target.env,
          BENCH_PREFIX: prefix,
          SIMULATOR_URL: simulatorUrl,
          TURN_CONCURRENCY: String(CONCURRENCY),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`a worker process exited early (${code})`)));
      });
    }),
  );
  return children;
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

interface Run {
  workers: number;
  turns: number;
  seconds: number;
  /**
   * On a cluster: Redis commands per turn on each master (INFO commandstats, Lua's inner calls included),
   * and which of the single-slot key groups (the queue, `{usage}`) it holds.
   */
  perMaster?: Map<string, { perTurn: number; holds: string[] }>;
}

/** `host:port` of the master that serves the key's slot. */
async function masterOf(cluster: Cluster, key: string): Promise<string> {
  const slot = Number(await cluster.cluster('KEYSLOT', key));
  const range = (await cluster.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
  return range ? `${range[2]![0]}:${range[2]![1]}` : '?';
}

/** Commands each master has run so far (INFO commandstats). Only for the cluster, which nothing else uses. */
async function commandsByMaster(redis: RedisClient): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  if (!(redis instanceof Cluster)) return calls;
  for (const node of redis.nodes('master')) {
    const info = await node.info('commandstats');
    let total = 0;
    for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) total += Number(match[1]);
    calls.set(`${node.options.host}:${node.options.port}`, total);
  }
  return calls;
}

async function measure(
  target: Target,
  workers: number,
  simulatorUrl: string,
  model: QwenChatModel,
): Promise<Run> {
  const prefix = `bench-scale-${Date.now().toString(36)}`;
  const keys = createKeys(prefix);
  const redis = target.open();
  const { personas } = await loadPersonaDir('personas');
  const core = wireCore({
    redis,
    keys,
    model,
    stage: {
      typing: async () => {},
      post: async () => ({ messageIds: [] }),
      edit: async () => ({ messageIds: [] }),
    },
    personas: new FilePersonaCatalog(personas),
    log: silentLogger,
    options: BENCH_CORE_OPTIONS,
  });
  const children = await startWorkers(workers, target, prefix, simulatorUrl);
  const counter = repliesKey(keys);
  const answered = async () => Number((await redis.get(counter)) ?? 0);
  try {
    const channels = Array.from({ length: CHANNELS }, (_, c) => `scale-${c}`);
    // One persona turn per person line (no persona-to-persona follow-ups, no silence nudges), so the
    // count of turns is exact.
    for (const channelId of channels) {
      await core.settings.update(channelId, {
        cast: CAST,
        silence: { enabled: false, afterMs: 3_600_000, maxNudges: 0 },
        maxBotTurns: 1,
        minPersonaGapMs: 0,
      });
    }
    const round = async (n: number) => {
      const before = await answered();
      await Promise.all(
        channels.map((channelId) =>
          receiveLine(core.deps, channelId, {
            kind: 'person',
            speakerId: 'u1',
            speakerName: 'Mia',
            text: `Ling Lu, round ${n}?`,
          }),
        ),
      );
      // A channel's next line comes after its reply, as in a conversation.
      const deadline = Date.now() + ROUND_TIMEOUT_MS;
      while ((await answered()) - before < channels.length) {
        if (Date.now() > deadline) {
          const unanswered: string[] = [];
          for (const channelId of channels) {
            if ((await core.history.recent(channelId, 1))[0]?.kind === 'person') unanswered.push(channelId);
          }
          const jobs = await core.queue.queue.getJobCounts();
          throw new Error(
            `round ${n} did not finish within ${ROUND_TIMEOUT_MS} ms: ${unanswered.length} channels unanswered ` +
              `(${unanswered.slice(0, 5).join(', ')}…); jobs ${JSON.stringify(jobs)}`,
          );
        }
        await sleep(10);
      }
    };
    await round(0); // warms up the JIT, the connections and every worker
    const commandsBefore = await commandsByMaster(redis);
    const start = performance.now();
    const before = await answered();
    for (let n = 1; n <= ROUNDS; n++) await round(n);
    const seconds = (performance.now() - start) / 1000;
    const turns = (await answered()) - before;
    if (!(redis instanceof Cluster)) return { workers, turns, seconds };
    const queueNode = await masterOf(redis, `${keys.bullPrefix}:turns:wait`);
    const usageNode = await masterOf(redis, keys.usageIndex());
    const perMaster = new Map(
      [...(await commandsByMaster(redis))].map(([node, calls]) => [
        node,
        {
          perTurn: (calls - (commandsBefore.get(node) ?? 0)) / turns,
          holds: [node === queueNode ? 'the BullMQ queue' : '', node === usageNode ? '{usage}' : ''].filter(
            Boolean,
          ),
        },
      ]),
    );
    return { workers, turns, seconds, perMaster };
  } finally {
    await stopWorkers(children);
    await core.queue.queue.obliterate({ force: true }).catch(() => undefined);
    await core.queue.close();
    await deletePrefix(redis, prefix);
    await deletePrefix(redis, keys.bullPrefix);
    await redis.quit();
  }
}

const simulator = await startSimulator({ port: 0, latencyMs: LATENCY_MS });
const model = new QwenChatModel({ baseURL: simulator.url, apiKey: 'bench' });
const loadBefore = loadavg()[0]!;
console.log(
  `Troupe scale: turns/s by worker processes (simulator at ${LATENCY_MS} ms, ${CHANNELS} channels × ${ROUNDS} rounds, ` +
    `TURN_CONCURRENCY ${CONCURRENCY} per process)`,
);
console.log(
  `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), load average ${loadBefore.toFixed(2)} at start; ` +
    `the gateway side and the simulator run in this process, every Redis node on the same machine`,
);
for (const target of await targets()) {
  console.log(`\n${target.name}`);
  console.log('  workers   turns   seconds   turns/s   vs 1 worker   ideal (latency-bound)');
  let one: number | undefined;
  let perMaster: Run['perMaster'];
  for (const workers of WORKERS) {
    simulator.clear();
    const run = await measure(target, workers, simulator.url, model);
    const rate = run.turns / run.seconds;
    one ??= rate / workers;
    const ideal = (workers * CONCURRENCY * 1000) / LATENCY_MS;
    console.log(
      `  ${String(workers).padStart(7)}   ${String(run.turns).padStart(5)}   ${run.seconds.toFixed(1).padStart(7)}   ` +
        `${rate.toFixed(1).padStart(7)}   ${`${(rate / one).toFixed(2)}×`.padStart(11)}   ${ideal.toFixed(0).padStart(8)}`,
    );
    if (run.perMaster) perMaster = run.perMaster;
  }
  if (perMaster) {
    const total = [...perMaster.values()].reduce((sum, { perTurn }) => sum + perTurn, 0);
    console.log(`  Redis commands per turn by master (last run; total ${total.toFixed(1)}):`);
    for (const [node, { perTurn }] of [...perMaster].sort()) {
      const holds = perMaster.get(node)!.holds.join(' and ');
      console.log(
        `    ${node}  ${perTurn.toFixed(1).padStart(5)}  (${((100 * perTurn) / total).toFixed(0)}%)${holds ? `  holds ${holds}` : ''}`,
      );
    }
  }
}
console.log(`\nload average ${loadavg()[0]!.toFixed(2)} at the end`);
await simulator.close();
