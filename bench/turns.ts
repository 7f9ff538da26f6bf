// `npm run bench:turns` — what the engine itself costs per turn, on real Redis + BullMQ and the
// simulator (latency 0) through the openai SDK, with the debounce and human-like delays set to 0:
//   1. overhead per turn, p50/p99: line received → request at the simulator, and simulator answer → post;
//   2. sustained turns per second over 1,000 channels in one process;
//   3. Redis commands per turn (INFO commandstats, before/after).
// Run it on an otherwise idle Redis: other clients' commands would be counted too.
import type { Persona } from '../src/core/persona.js';
import type { PostedMessage, Stage } from '../src/core/ports.js';
import { receiveLine } from '../src/core/receive.js';
import type { openRedis } from '../src/store/redis-connection.js';
import { startBenchEngine } from './bench-engine.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LATENCY_TURNS = Number(process.env.BENCH_LATENCY_TURNS ?? 300);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 1_000);
const LINES_PER_CHANNEL = Number(process.env.BENCH_LINES ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const CAST = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];

/** A stage that only notes when each post happened. */
class TimingStage implements Stage {
  readonly postedAt = new Map<string, number>();
  posts = 0;
  private next = 0;
  onPost?: (channelId: string) => void;
  async typing(): Promise<void> {}
  async post(channelId: string, _persona: Persona, chunks: string[]): Promise<PostedMessage> {
    this.postedAt.set(channelId, performance.now());
    this.posts++;
    this.onPost?.(channelId);
    return { messageIds: chunks.map(() => `b${this.next++}`) };
  }
  async edit(_channelId: string, _persona: Persona, ids: string[], chunks: string[]): Promise<PostedMessage> {
    return { messageIds: chunks.map((_, i) => ids[i] ?? `b${this.next++}`) };
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function commandStats(redis: ReturnType<typeof openRedis>): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

const sum = (stats: Map<string, number>) => [...stats.values()].reduce((a, b) => a + b, 0);

const stage = new TimingStage();
const engine = await startBenchEngine({
  name: 'bench',
  redisUrl: REDIS_URL,
  stage,
  concurrency: CONCURRENCY,
});
const { core, simulator, redis } = engine;

async function prepareChannel(channelId: string) {
  // Silence stays on (its timer is re-armed on every line, part of the cost) but never fires here;
  // one persona turn per person line keeps the count of turns exact.
  await core.settings.update(channelId, {
    cast: CAST,
    silence: { enabled: true, afterMs: 3_600_000, maxNudges: 2 },
    maxBotTurns: 1,
    minPersonaGapMs: 0,
  });
}

const waitForPost = (channelId: string) =>
  new Promise<void>((resolve) => {
    const previous = stage.onPost;
    stage.onPost = (id) => {
      previous?.(id);
      if (id === channelId) resolve();
    };
  });

// 1. Overhead per turn, one turn at a time.
const toRequest: number[] = [];
const fromAnswer: number[] = [];
for (let i = 0; i < LATENCY_TURNS + 20; i++) {
  const channelId = `lat-${i}`;
  await prepareChannel(channelId);
  const arrived = simulator.waitForRequest(undefined, 10_000);
  const posted = waitForPost(channelId);
  const wallStart = Date.now();
  const start = performance.now();
  await receiveLine(core.deps, channelId, {
    kind: 'person',
    speakerId: 'u1',
    speakerName: 'Mia',
    text: 'Ling Lu, how is the demo going?',
  });
  const request = await arrived;
  await posted;
  const end = stage.postedAt.get(channelId)!;
  // The simulator stamps arrival with Date.now(); convert it onto the performance clock.
  const arrival = start + (request.at - wallStart);
  if (i >= 20) {
    // The first 20 warm up the JIT and the connections.
    toRequest.push(arrival - start);
    fromAnswer.push(end - arrival);
  }
}
const total = toRequest.map((v, i) => v + fromAnswer[i]!);

// 2. and 3. Throughput over many channels, and Redis commands per turn.
for (let c = 0; c < CHANNELS; c++) await prepareChannel(`tp-${c}`);
const expected = CHANNELS * LINES_PER_CHANNEL;
const statsBefore = await commandStats(redis);
const postsBefore = stage.posts;
const t0 = performance.now();
const done = new Promise<void>((resolve) => {
  const previous = stage.onPost;
  stage.onPost = (id) => {
    previous?.(id);
    if (stage.posts - postsBefore >= expected) resolve();
  };
});
for (let round = 0; round < LINES_PER_CHANNEL; round++) {
  const sends: Array<Promise<unknown>> = [];
  for (let c = 0; c < CHANNELS; c++) {
    sends.push(
      receiveLine(core.deps, `tp-${c}`, {
        kind: 'person',
        speakerId: 'u1',
        speakerName: 'Mia',
        text: `Ling Lu, round ${round}?`,
      }),
    );
  }
  await Promise.all(sends);
  // A channel's next line comes after its reply, as in a conversation.
  if (round < LINES_PER_CHANNEL - 1) {
    while (stage.posts - postsBefore < (round + 1) * CHANNELS) await new Promise((r) => setTimeout(r, 20));
  }
}
await done;
const seconds = (performance.now() - t0) / 1000;
const turns = stage.posts - postsBefore;
const statsAfter = await commandStats(redis);
const callsPerTurn = (sum(statsAfter) - sum(statsBefore)) / turns;
const topCommands = [...statsAfter]
  .map(([name, calls]) => [name, (calls - (statsBefore.get(name) ?? 0)) / turns] as const)
  .filter(([, perTurn]) => perTurn > 0)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 10)
  .map(([name, perTurn]) => `${name} ${perTurn.toFixed(1)}`)
  .join(', ');

const ms = (v: number) => `${v.toFixed(2)} ms`;
console.log(`Troupe turn engine (Redis + BullMQ + simulator at 0 ms, model and debounce excluded)`);
console.log(`overhead per turn over ${total.length} turns:`);
console.log(
  `  line received → request at the simulator  p50 ${ms(percentile(toRequest, 50))}  p99 ${ms(percentile(toRequest, 99))}`,
);
console.log(
  `  simulator answer → post                   p50 ${ms(percentile(fromAnswer, 50))}  p99 ${ms(percentile(fromAnswer, 99))}`,
);
console.log(
  `  both                                      p50 ${ms(percentile(total, 50))}  p99 ${ms(percentile(total, 99))}`,
);
console.log(
  `sustained: ${turns} turns over ${CHANNELS} channels in ${seconds.toFixed(1)} s = ${(turns / seconds).toFixed(0)} turns/s (one process, worker concurrency ${CONCURRENCY})`,
);
console.log(
  `Redis commands per turn: ${callsPerTurn.toFixed(1)} (INFO commandstats: incl. BullMQ and commands inside Lua scripts)`,
);
console.log(`  most: ${topCommands}`);

await engine.close();
