// `npm run bench:soak` — 10,000 turns on real Redis + BullMQ and the simulator (latency 0) through the
// openai SDK, every persona on qwen-flash-character (8,000 input tokens), with hostile lines mixed
// into the people's (combining marks, base64, emoji, random ids and URLs, mixed scripts, 200 to
// Discord's 2,000 characters). The simulator counts every prompt with Qwen's tokenizer as Model Studio
// does and refuses an over-limit one with its 400; prints how many requests were over the limit (must
// be 0), turns per second, and prompt, cached and completion tokens per turn. Two personas take turns
// (round-robin) answering one person line each, 50 channels at once.
//
//   BENCH_TURNS (10,000), BENCH_CHANNELS (50), BENCH_HOSTILE_SHARE (0.3: share of people's lines that
//   are hostile), BENCH_CONCURRENCY (16: the turn worker's), REDIS_URL.
import type { ChatRequest, ChatResult } from '../src/core/chat.js';
import { isModelError } from '../src/core/errors.js';
import { modelLimits } from '../src/core/models.js';
import type { Persona } from '../src/core/persona.js';
import type { ChatModel, PostedMessage, Stage } from '../src/core/ports.js';
import { seededRandom } from '../src/core/random.js';
import { receiveLine } from '../src/core/receive.js';
import { DISCORD_MESSAGE_MAX_CHARS, HOSTILE_KINDS, hostileText } from '../test/support/hostile-text.js';
import { startBenchEngine } from './bench-engine.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TURNS = Number(process.env.BENCH_TURNS ?? 10_000);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 50);
const HOSTILE_SHARE = Number(process.env.BENCH_HOSTILE_SHARE ?? 0.3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** A channel whose reply does not come within this long is counted as a missed turn and moves on. */
const TURN_TIMEOUT_MS = 15_000;
const MODEL = 'qwen-flash-character';
const CAST = ['ling-lu', 'tao-le'];
const CHAT = [
  'Ling Lu, is the bridge still too long?',
  'Tao Le, can you take the second verse tonight?',
  'Who moved my capo again',
  '我觉得副歌还可以再改一下。',
  'ok but the drums were rushing in the chorus, honestly',
  'ライブ楽しみ！',
];

/** The model, counting what happens to every request: refusals by code and the usage of the rest. */
class CountingModel implements ChatModel {
  requests = 0;
  readonly failures = new Map<string, number>();
  promptTokens = 0;
  cachedTokens = 0;
  completionTokens = 0;
  constructor(private readonly inner: ChatModel) {}
  async complete(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<ChatResult> {
    this.requests++;
    try {
      const result = await this.inner.complete(request, options);
      this.promptTokens += result.usage.promptTokens;
      this.cachedTokens += result.usage.cachedTokens;
      this.completionTokens += result.usage.completionTokens;
      return result;
    } catch (err) {
      const code = isModelError(err) ? err.code : 'other';
      this.failures.set(code, (this.failures.get(code) ?? 0) + 1);
      throw err;
    }
  }
}

/** A stage that wakes the channel's loop when its reply is posted. */
class WakingStage implements Stage {
  posts = 0;
  private next = 0;
  private readonly waiting = new Map<string, () => void>();
  async typing(): Promise<void> {}
  async post(channelId: string, _persona: Persona, chunks: string[]): Promise<PostedMessage> {
    this.posts++;
    this.waiting.get(channelId)?.();
    return { messageIds: chunks.map(() => `s${this.next++}`) };
  }
  async edit(_channelId: string, _persona: Persona, ids: string[], chunks: string[]): Promise<PostedMessage> {
    return { messageIds: chunks.map((_, i) => ids[i] ?? `s${this.next++}`) };
  }
  /** Resolves true on the channel's next post, false after `ms`. */
  nextPost(channelId: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(channelId);
        resolve(false);
      }, ms);
      this.waiting.set(channelId, () => {
        clearTimeout(timer);
        this.waiting.delete(channelId);
        resolve(true);
      });
    });
  }
}

const stage = new WakingStage();
let model!: CountingModel;
const engine = await startBenchEngine({
  name: 'soak',
  redisUrl: REDIS_URL,
  stage,
  concurrency: CONCURRENCY,
  persona: (persona) => ({ ...persona, model: MODEL }),
  model: (sdk) => (model = new CountingModel(sdk)),
});
const { core, simulator } = engine;

for (let c = 0; c < CHANNELS; c++) {
  await core.settings.update(`soak-${c}`, {
    cast: CAST,
    strategy: 'round-robin',
    silence: { enabled: false, afterMs: 3_600_000, maxNudges: 0 },
    // One persona reply per person line: the count of turns stays exact.
    maxBotTurns: 1,
    minPersonaGapMs: 0,
  });
}

let started = 0;
let missed = 0;
let hostileLines = 0;
let hostileChars = 0;
const random = seededRandom(2026);
const t0 = performance.now();

/** The reply is stored just after it is posted; the next line must come after it, as in a conversation. */
async function storedReply(channelId: string): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if ((await core.history.recent(channelId, 1))[0]?.kind === 'persona') return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function channelLoop(channelId: string): Promise<void> {
  while (started < TURNS) {
    started++;
    const hostile = random() < HOSTILE_SHARE;
    const text = hostile
      ? hostileText(
          random,
          HOSTILE_KINDS[Math.floor(random() * HOSTILE_KINDS.length)]!,
          200 + Math.floor(random() * (DISCORD_MESSAGE_MAX_CHARS - 199)),
        )
      : CHAT[Math.floor(random() * CHAT.length)]!;
    if (hostile) {
      hostileLines++;
      hostileChars += text.length;
    }
    const posted = stage.nextPost(channelId, TURN_TIMEOUT_MS);
    await receiveLine(core.deps, channelId, {
      kind: 'person',
      speakerId: `u${Math.floor(random() * 5)}`,
      speakerName: `Member ${Math.floor(random() * 5)}`,
      text,
    });
    if (await posted) await storedReply(channelId);
    else missed++;
    // The request log keeps every body; the counts live in CountingModel.
    if (simulator.requests.length > 500) simulator.clear();
  }
}

const progress = setInterval(() => {
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`  ${stage.posts} turns, ${(stage.posts / seconds).toFixed(0)} turns/s\r`);
}, 2_000);
await Promise.all(Array.from({ length: CHANNELS }, (_, c) => channelLoop(`soak-${c}`)));
clearInterval(progress);
process.stderr.write('\n');
const seconds = (performance.now() - t0) / 1000;

const turns = stage.posts;
const answered = model.requests - [...model.failures.values()].reduce((a, b) => a + b, 0);
const overLimit = model.failures.get('input_too_long') ?? 0;
const per = (total: number) => (answered === 0 ? 0 : total / answered).toFixed(0);
console.log(
  `Troupe soak: ${turns} turns on ${MODEL} (input limit ${modelLimits(MODEL).maxInputTokens.toLocaleString('en-US')} tokens) ` +
    `over ${CHANNELS} channels, ${hostileLines} hostile lines (${(hostileChars / Math.max(1, hostileLines)).toFixed(0)} characters on average) among ${started} people's lines`,
);
console.log(`over-limit requests: ${overLimit} (of ${model.requests} model requests)`);
console.log(
  `other failures: ${
    [...model.failures]
      .filter(([code]) => code !== 'input_too_long')
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none'
  }; turns missed: ${missed}`,
);
console.log(
  `${(turns / seconds).toFixed(1)} turns/s (${seconds.toFixed(1)} s, one process, worker concurrency ${CONCURRENCY})`,
);
console.log(
  `tokens per turn: prompt ${per(model.promptTokens)}, of them cached ${per(model.cachedTokens)} (${((model.cachedTokens / Math.max(1, model.promptTokens)) * 100).toFixed(1)}%), completion ${per(model.completionTokens)}`,
);

await engine.close();
if (overLimit > 0) process.exitCode = 1;
