// The director benchmark (issue 6): replays real multi-party dialogue and asks the director's ranking
// who speaks next, by the protocol in ../shared/director-bench/README.md. The scenes are read at run
// time and never copied into the repository.
//
//   npm run bench:director -- [scenes.jsonl] [--strategy natural|model] [--limit N]
//
// `natural` (the default) scores the ranking alone: the loop guard and the persona gap refuse or delay
// turns, they never reorder. `model` asks a model endpoint for the first N decisions (see
// director-model.ts).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addressing, isDirect } from '../src/core/director/addressing.js';
import { runModelBench } from './director-model.js';
import { naturalRanking, readScenes, sceneDecisions, type BenchDecision } from './director-scenes.js';

/** Decisions the model strategy asks about when no `--limit` is given: well under a minute. */
const DEFAULT_MODEL_LIMIT = 500;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SCENES = resolve(repoRoot, '../shared/director-bench/friends-dev.jsonl');

interface Tally {
  decisions: number;
  correct: number;
  aba: number;
  random: number;
  /** The best simple rule the protocol mentions: a candidate spoken to directly, else A-B-A. */
  addressedElseAba: number;
  /** Where the director's pick is not A-B-A, by the pick's first reason. */
  departures: Map<string, { decisions: number; correct: number; abaWouldBe: number }>;
}

function scoreDecision(decision: BenchDecision, tally: Tally): void {
  const { history, cast, last, beforeLast, actual, candidates } = decision;
  const ranking = naturalRanking(decision);
  const predicted = ranking[0]?.personaId ?? candidates[0]?.id;
  const aba = beforeLast.speakerId;
  const spokenTo = addressing(last, cast, history).personas.find((address) => isDirect(address.kind));

  tally.decisions++;
  tally.random += 1 / Math.max(1, candidates.length);
  if (predicted === actual) tally.correct++;
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
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(2)}%`;
}

interface Args {
  path: string;
  strategy: 'natural' | 'model';
  limit: number | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { path: DEFAULT_SCENES, strategy: 'natural', limit: undefined };
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
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      args.path = resolve(arg);
    }
  }
  return args;
}

function runNatural(path: string, limit: number | undefined): void {
  const started = performance.now();
  const scenes = readScenes(path);
  const tally: Tally = {
    decisions: 0,
    correct: 0,
    aba: 0,
    random: 0,
    addressedElseAba: 0,
    departures: new Map(),
  };
  for (const scene of scenes) {
    for (const decision of sceneDecisions(scene)) {
      if (limit !== undefined && tally.decisions >= limit) break;
      scoreDecision(decision, tally);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const of = (part: number) => percent(part, tally.decisions).padStart(7);

  console.log(`director benchmark: ${path}`);
  console.log(`${scenes.length} scenes, ${tally.decisions} scored decisions, ${seconds.toFixed(1)} s`);
  console.log('top-1 accuracy');
  console.log(`  director (natural)                ${of(tally.correct)}`);
  console.log(`  A-B-A baseline                    ${of(tally.aba)}`);
  console.log(`  random baseline                   ${of(tally.random)}`);
  console.log(`  reference: spoken to, else A-B-A  ${of(tally.addressedElseAba)}`);
  console.log('where the director departs from A-B-A, by its first reason:');
  console.log('  reason                      decisions  director right  A-B-A right');
  const rows = [...tally.departures].sort((a, b) => b[1].decisions - a[1].decisions);
  for (const [reason, row] of rows) {
    const right = percent(row.correct, row.decisions).padStart(14);
    console.log(
      `  ${reason.padEnd(28)}${String(row.decisions).padStart(9)}  ${right}  ${percent(row.abaWouldBe, row.decisions).padStart(11)}`,
    );
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.strategy === 'model') await runModelBench(args.path, args.limit ?? DEFAULT_MODEL_LIMIT);
else runNatural(args.path, args.limit);
