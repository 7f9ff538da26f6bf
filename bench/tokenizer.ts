// `npm run bench:tokenizer` — what counting in Qwen's own tokens costs: the tokenizer's load time and
// memory, and its speed (tokens and characters a second) on chat text and on hostile text, each text
// counted afresh (the counter's cache off). Run it on an otherwise idle machine.
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../src/core/random.js';
import { englishText, chineseText } from '../test/unit/core/fixtures.js';
import { HOSTILE_KINDS, hostileText } from '../test/support/hostile-text.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

global.gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const { encodeQwen, warmQwenTokenizer } = await import('../src/model/qwen-tokens.js');
warmQwenTokenizer();
const loadMs = performance.now() - t0;
global.gc?.();
const after = process.memoryUsage();

const random = seededRandom(7);
const samples: Array<[string, string[]]> = [
  [
    'English chat (20–200 chars)',
    Array.from({ length: 50 }, () => englishText(random, 20 + Math.floor(random() * 180))),
  ],
  [
    'Chinese chat (10–100 chars)',
    Array.from({ length: 50 }, () => chineseText(random, 10 + Math.floor(random() * 90))),
  ],
  ...HOSTILE_KINDS.map((kind): [string, string[]] => [
    `${kind} (1,900 chars)`,
    Array.from({ length: 10 }, () => hostileText(random, kind, 1_900)),
  ]),
];

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(
  `Qwen tokenizer: loaded in ${loadMs.toFixed(0)} ms; RSS +${mb(after.rss - before.rss)}, heap +${mb(after.heapUsed - before.heapUsed)}`,
);
for (const [label, texts] of samples) {
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  let tokens = 0;
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round++) for (const text of texts) tokens += encodeQwen(text).length;
  const seconds = (performance.now() - start) / 1000;
  const perText = tokens / ROUNDS / texts.length;
  console.log(
    `  ${label.padEnd(28)} ${(tokens / ROUNDS / chars).toFixed(2)} tokens/char, ${perText.toFixed(0).padStart(5)} tokens a text, ` +
      `${(tokens / seconds / 1000).toFixed(0)}k tokens/s, ${((chars * ROUNDS) / seconds / 1000).toFixed(0)}k chars/s`,
  );
}
