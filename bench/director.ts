// The director benchmark (issue 6): replays real multi-party dialogue and asks the director's ranking
// who speaks next, by the protocol in ../shared/director-bench/README.md. The scenes are read at run
// time and never copied into the repository.
//
//   npm run bench:director -- [scenes.jsonl] [--strategy natural|model] [--limit N] [--ablation]
//
// `natural` (the default) scores the ranking alone: the loop guard and the persona gap refuse or delay
// turns, they never reorder. The other strategies without a model (round-robin, pooled, random) are
// scored on the same decisions beside it; `--ablation` adds natural with each weight switched off. `model` asks a model endpoint for the first N decisions (see
// director-model.ts).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addressing, isDirect } from '../src/core/director/addressing.js';
import { runModelBench } from './director-model.js';
import type { RankedCandidate } from '../src/core/director/index.js';
import { NATURAL_WEIGHTS, type NaturalWeights } from '../src/core/director/natural.js';
import {
  RANKING_STRATEGIES,
  naturalRanking,
  readScenes,
  sceneDecisions,
  strategyRanking,
  type BenchDecision,
  type RankingStrategy,
} from './director-scenes.js';

/** Decisions the model strategy asks about when no `--limit` is given: well under a minute. */
const DEFAULT_MODEL_LIMIT = 500;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SCENES = resolve(repoRoot, '../shared/director-bench/friends-dev.jsonl');

interface Tally {
  decisions: number;
  /** Correct top-1 picks of each strategy scored without a model. */
  correct: Record<RankingStrategy, number>;
  aba: number;
  random: number;
  /** The best simple rule the protocol mentions: a candidate spoken to directly, else A-B-A. */
  addressedElseAba: number;
  /** Where natural's pick is not A-B-A, by the pick's first reason. */
  departures: Map<string, { decisions: number; correct: number; abaWouldBe: number }>;
  /** Natural's correct picks with one weight switched off (`--ablation`). */
  ablation: Map<keyof NaturalWeights, number>;
}

/** The weights an ablation switches off: all but the two that cannot move the figure here. */
const ABLATED = (Object.keys(NATURAL_WEIGHTS) as (keyof NaturalWeights)[]).filter(
  // Every benchmark persona has the default talkativeness; jitter only breaks exact ties.
  (weight) => weight !== 'talkativeness' && weight !== 'jitter',
);

function top(decision: BenchDecision, ranking: readonly RankedCandidate[]): string | undefined {
  return ranking[0]?.personaId ?? decision.candidates[0]?.id;
}

function scoreDecision(decision: BenchDecision, tally: Tally, ablation: boolean): void {
  const { history, cast, last, beforeLast, actual, candidates } = decision;
  const ranking = naturalRanking(decision);
  const predicted = top(decision, ranking);
  const aba = beforeLast.speakerId;
  const spokenTo = addressing(last, cast, history).personas.find((address) => isDirect(address.kind));

  tally.decisions++;
  tally.random += 1 / Math.max(1, candidates.length);
  if (predicted === actual) tally.correct.natural++;
  for (const strategy of RANKING_STRATEGIES) {
    if (strategy !== 'natural' && top(decision, strategyRanking(decision, strategy)) === actual)
      tally.correct[strategy]++;
  }
  if (aba === actual) tally.aba++;
  if ((spokenTo?.personaId ?? aba) === actual) tally.addressedElseAba++;
  if (predicted !== aba) {
    const reason = (ranking[0]?.reasons[0] ?? 'no reason').replace(/:.*/, '');
    const row = tally.departures.get(reason) ?? { decisions: 0, correct: 0, abaWouldBe: 0 };
    row.decisions++;
    if (predicted === actual) row.correct++;
    if (aba === actual) row.abaWouldBe++;
    tally.departures.set(reason, row);
  }
  if (!ablation) return;
  for (const weight of ABLATED) {
    const weights = { ...NATURAL_WEIGHTS, [weight]: 0 };
    if (top(decision, strategyRanking(decision, 'natural', weights)) === actual)
      tally.ablation.set(weight, (tally.ablation.get(weight) ?? 0) + 1);
  }
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(2)}%`;
}

interface Args {
  path: string;
  strategy: 'natural' | 'model';
  limit: number | undefined;
  ablation: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { path: DEFAULT_SCENES, strategy: 'natural', limit: undefined, ablation: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--strategy') {
      const value = argv[++i];
      if (value !== 'natural' && value !== 'model') throw new Error('--strategy natural|model');
      args.strategy = value;
    } else if (arg === '--limit') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error('--limit takes a positive whole number');
      args.limit = value;
    } else if (arg === '--ablation') {
      args.ablation = true;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      args.path = resolve(arg);
    }
  }
  return args;
}

function runRankings(path: string, limit: number | undefined, ablation: boolean): void {
  const started = performance.now();
  const scenes = readScenes(path);
  const tally: Tally = {
    decisions: 0,
    correct: { natural: 0, 'round-robin': 0, pooled: 0, random: 0 },
    aba: 0,
    random: 0,
    addressedElseAba: 0,
    departures: new Map(),
    ablation: new Map(),
  };
  for (const scene of scenes) {
    for (const decision of sceneDecisions(scene)) {
      if (limit !== undefined && tally.decisions >= limit) break;
      scoreDecision(decision, tally, ablation);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const of = (part: number) => percent(part, tally.decisions).padStart(7);

  console.log(`director benchmark: ${path}`);
  console.log(`${scenes.length} scenes, ${tally.decisions} scored decisions, ${seconds.toFixed(1)} s`);
  console.log('top-1 accuracy, every figure on the same decisions');
  const rowsOfFigures: [string, number][] = [
    ['director (natural)', tally.correct.natural],
    ['director (round-robin)', tally.correct['round-robin']],
    ['director (pooled)', tally.correct.pooled],
    ['director (random, addressed first)', tally.correct.random],
    ['A-B-A baseline', tally.aba],
    ['random baseline', tally.random],
    ['reference: spoken to, else A-B-A', tally.addressedElseAba],
  ];
  for (const [label, part] of rowsOfFigures) console.log(`  ${label.padEnd(35)}${of(part)}`);
  console.log('  (round-robin, pooled and random give the turn to anyone spoken to first, as in the bot)');
  console.log('where natural departs from A-B-A, by its first reason:');
  console.log('  reason                      decisions  director right  A-B-A right');
  const rows = [...tally.departures].sort((a, b) => b[1].decisions - a[1].decisions);
  for (const [reason, row] of rows) {
    const right = percent(row.correct, row.decisions).padStart(14);
    console.log(
      `  ${reason.padEnd(28)}${String(row.decisions).padStart(9)}  ${right}  ${percent(row.abaWouldBe, row.decisions).padStart(11)}`,
    );
  }
  if (!ablation) return;
  console.log('natural with one weight switched off (what each weight moves):');
  console.log('  weight             value   accuracy   change (points)');
  for (const weight of ABLATED) {
    const correct = tally.ablation.get(weight) ?? 0;
    const change = (100 * (correct - tally.correct.natural)) / Math.max(1, tally.decisions);
    console.log(
      `  ${weight.padEnd(17)}${String(NATURAL_WEIGHTS[weight]).padStart(6)}  ${of(correct).padStart(9)}   ${change >= 0 ? '+' : ''}${change.toFixed(2)}`,
    );
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.strategy === 'model') await runModelBench(args.path, args.limit ?? DEFAULT_MODEL_LIMIT);
else runRankings(args.path, args.limit, args.ablation);
