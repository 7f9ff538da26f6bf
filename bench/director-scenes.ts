// The director benchmark's scenes turned into scored decisions, by the protocol in
// ../shared/director-bench/README.md, and the director's natural ranking of each. Shared by every
// strategy's run, so all of them and the baselines are scored on the same decisions. The scenes are read at run time and never copied into the repository.
//
// Every speaker is a character, so every line becomes a persona line (speakerId = a slug of the name)
// and every cast member a persona with default talkativeness, no muting.
import { readFileSync } from 'node:fs';
import { withDefaults } from '../src/core/channel-settings.js';
import type { ChannelSettings } from '../src/core/channel-settings.js';
import type { Line } from '../src/core/line.js';
import { personaSchema } from '../src/core/persona.js';
import type { Persona } from '../src/core/persona.js';
import { rankCandidates, type RankedCandidate } from '../src/core/director/index.js';
import type { NaturalWeights } from '../src/core/director/natural.js';
import { seededRandom } from '../src/core/random.js';

/** Time between two lines of a scene, ms (the data has no times; only their order matters). */
export const LINE_INTERVAL_MS = 5_000;

export interface Scene {
  id: string;
  cast: { name: string; aliases: string[]; main: boolean }[];
  turns: { speaker: string; text: string }[];
}

/** One scored decision: who speaks after `history`, and the facts every scorer needs. */
export interface BenchDecision {
  sceneId: string;
  /** `turns[0 .. t-1]` as lines: never the line to predict or later. */
  history: Line[];
  cast: Persona[];
  settings: ChannelSettings;
  /** The persona id of `turns[t].speaker`. */
  actual: string;
  /** `turns[t-1].speaker`: the one who just spoke, never a candidate. */
  last: Line;
  /** `turns[t-2].speaker`: the A-B-A baseline's prediction. */
  beforeLast: Line;
  /** Every cast member but the last speaker. */
  candidates: Persona[];
}

export function readScenes(path: string): Scene[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Scene);
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

/** The scene's scored decisions, in order: each `t` from 2 whose speaker is a main cast member. */
export function sceneDecisions(scene: Scene): BenchDecision[] {
  const personas = scenePersonas(scene);
  const cast = [...personas.values()];
  const settings = withDefaults({ cast: cast.map((persona) => persona.id) });
  const lines: Line[] = scene.turns.map((turn, index) => {
    const persona = personas.get(turn.speaker);
    if (!persona) throw new Error(`${scene.id}: speaker ${turn.speaker} is not in the cast`);
    const seq = index + 1;
    return {
      id: String(seq),
      seq,
      kind: 'persona',
      speakerId: persona.id,
      speakerName: persona.name,
      text: turn.text,
      at: seq * LINE_INTERVAL_MS,
    };
  });
  const main = new Set(scene.cast.filter((member) => member.main).map((member) => member.name));

  const decisions: BenchDecision[] = [];
  for (let t = 2; t < scene.turns.length; t++) {
    const actual = personas.get(scene.turns[t]?.speaker ?? '');
    const last = lines[t - 1];
    const beforeLast = lines[t - 2];
    if (!actual || !last || !beforeLast || !main.has(actual.name)) continue;
    decisions.push({
      sceneId: scene.id,
      history: lines.slice(0, t),
      cast,
      settings,
      actual: actual.id,
      last,
      beforeLast,
      candidates: cast.filter((persona) => persona.id !== last.speakerId),
    });
  }
  return decisions;
}

/** The seed of every decision: the protocol asks for a deterministic prediction. */
export const BENCH_SEED = 6;

/** The strategies the benchmark scores without a model. */
export const RANKING_STRATEGIES = ['natural', 'round-robin', 'pooled', 'random'] as const;
export type RankingStrategy = (typeof RANKING_STRATEGIES)[number];

/**
 * The director's ranking of the decision's candidates under a strategy (natural by default, with its
 * measured weights unless others are given), best first; the last speaker never.
 */
export function strategyRanking(
  decision: BenchDecision,
  strategy: RankingStrategy = 'natural',
  naturalWeights?: Readonly<NaturalWeights>,
): RankedCandidate[] {
  const { history, cast, settings, last } = decision;
  return rankCandidates({
    history,
    cast,
    settings: strategy === settings.strategy ? settings : { ...settings, strategy },
    now: last.at + LINE_INTERVAL_MS / 2,
    random: seededRandom(BENCH_SEED),
    trigger: { kind: 'line' },
    ...(naturalWeights ? { naturalWeights } : {}),
  }).filter((candidate) => candidate.personaId !== last.speakerId);
}

/** The director's `natural` ranking of the decision's candidates, best first (the last speaker never). */
export function naturalRanking(decision: BenchDecision): RankedCandidate[] {
  return strategyRanking(decision, 'natural');
}
