// The director benchmark (issue 6): replays real multi-party dialogue and asks the director's ranking
// who speaks next, by the protocol in ../shared/director-bench/README.md. The scenes are read at run
// time and never copied into the repository.
//
//   npm run bench:director -- [scenes.jsonl]
//
// Every speaker is a character, so every line becomes a persona line (speakerId = a slug of the name)
// and every cast member a persona with default talkativeness, strategy natural, no muting. Only the
// ranking is scored: the loop guard and the persona gap refuse or delay turns, they never reorder.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDefaults } from '../src/core/channel-settings.js';
import type { Line } from '../src/core/line.js';
import { personaSchema } from '../src/core/persona.js';
import type { Persona } from '../src/core/persona.js';
import { seededRandom } from '../src/core/random.js';
import { addressing, isDirect } from '../src/core/director/addressing.js';
import { rankCandidates } from '../src/core/director/index.js';

/** The seed of every decision: the protocol asks for a deterministic prediction. */
const BENCH_SEED = 6;
/** Time between two lines of a scene, ms (the data has no times; only their order matters). */
const LINE_INTERVAL_MS = 5_000;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SCENES = resolve(repoRoot, '../shared/director-bench/friends-dev.jsonl');

interface Scene {
  id: string;
  cast: { name: string; aliases: string[]; main: boolean }[];
  turns: { speaker: string; text: string }[];
}

function slug(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'persona';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function scenePersonas(scene: Scene): Map<string, Persona> {
  const taken = new Set<string>();
  const byName = new Map<string, Persona>();
  // The data lists the cast in order of first appearance, which would tell a tie-break who is about to
  // speak for the first time; name order tells nothing.
  const cast = [...scene.cast].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const member of cast) {
    const id = slug(member.name, taken);
    byName.set(
      member.name,
      personaSchema.parse({ id, name: member.name, aliases: member.aliases, profile: member.name }),
    );
  }
  return byName;
}

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

function scoreScene(scene: Scene, tally: Tally): void {
  const personas = scenePersonas(scene);
  const cast = [...personas.values()];
  const settings = withDefaults({ cast: cast.map((persona) => persona.id) });
  const lines: Line[] = scene.turns.map((turn, index) => {
    const persona = personas.get(turn.speaker);
    if (!persona) throw new Error(`${scene.id}: speaker ${turn.speaker} is not in the cast`);
    const seq = index + 1;
    const at = seq * LINE_INTERVAL_MS;
    return {
      id: String(seq),
      seq,
      kind: 'persona',
      speakerId: persona.id,
      speakerName: persona.name,
      text: turn.text,
      at,
    };
  });
  const main = new Set(scene.cast.filter((member) => member.main).map((member) => member.name));

  for (let t = 2; t < scene.turns.length; t++) {
    const actual = personas.get(scene.turns[t]?.speaker ?? '');
    const last = lines[t - 1];
    const beforeLast = lines[t - 2];
    if (!actual || !last || !beforeLast || !main.has(actual.name)) continue;
    const candidates = cast.filter((persona) => persona.id !== last.speakerId);
    const history = lines.slice(0, t);
    const ranking = rankCandidates({
      history,
      cast,
      settings,
      now: last.at + LINE_INTERVAL_MS / 2,
      random: seededRandom(BENCH_SEED),
      trigger: { kind: 'line' },
    }).filter((candidate) => candidate.personaId !== last.speakerId);
    const predicted = ranking[0]?.personaId ?? candidates[0]?.id;
    const aba = beforeLast.speakerId;
    const spokenTo = addressing(last, cast, history).personas.find((address) => isDirect(address.kind));

    tally.decisions++;
    tally.random += 1 / Math.max(1, candidates.length);
    if (predicted === actual.id) tally.correct++;
    if (aba === actual.id) tally.aba++;
    if ((spokenTo?.personaId ?? aba) === actual.id) tally.addressedElseAba++;
    if (predicted !== aba) {
      const reason = (ranking[0]?.reasons[0] ?? 'no reason').replace(/:.*/, '');
      const row = tally.departures.get(reason) ?? { decisions: 0, correct: 0, abaWouldBe: 0 };
      row.decisions++;
      if (predicted === actual.id) row.correct++;
      if (aba === actual.id) row.abaWouldBe++;
      tally.departures.set(reason, row);
    }
  }
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(2)}%`;
}

function main(): void {
  const path = resolve(process.argv[2] ?? DEFAULT_SCENES);
  const started = performance.now();
  const scenes = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Scene);
  const tally: Tally = {
    decisions: 0,
    correct: 0,
    aba: 0,
    random: 0,
    addressedElseAba: 0,
    departures: new Map(),
  };
  for (const scene of scenes) scoreScene(scene, tally);
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

main();
