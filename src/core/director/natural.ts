// The `natural` strategy's scorer: who is most likely to speak next, from what the dialogue shows.
// Every weight is a named constant. Figures are top-1 accuracy on the director benchmark's development
// set (bench/director.ts, 28,892 decisions; 0.1 point ≈ 30 decisions), where A-B-A alone scores 58.3%
// and "spoken to directly, else A-B-A" 59.9%. How the weights got there, each step added to the last:
//   a name anywhere = a vocative (10), A-B-A 2, recency 1 ............................ 58.9%
//   only direct address overrides A-B-A (names in the third person 0) ................ 59.9%
//   + third-person names 0.7, a direct question 1.5 .................................. 59.7%
//   + activity ........................................................................ 59.9%
//   + "asked, was answered" ............................................................ 60.0%
//   + pending address, silent for a while, direct address 2 → 3 ........................ 60.1%
// The later features move the figure by little more than noise; they stay because they say something
// true about a conversation. A conditional-logit fit over 27 candidate features (pair and transition
// counts, lexical overlap, question and length cues, arrivals) reached 60.4% at best (in-sample). Held
// out by episode (5 folds), a gradient-boosted ranker over 47 candidate and line features (those, plus
// pronouns, greetings, question words, who has not spoken yet) scored 60.2%, and every word of the last
// line crossed with the candidate's role 59.8%: in this data, who speaks next is mostly not in the
// surface of the last lines. What is, is names. `npm run bench:director -- --ablation` shows each
// weight's share.
import type { Persona } from '../persona.js';
import type { RandomSource } from '../random.js';
import type { PersonaAddress } from './addressing.js';
import { isDirect } from './addressing.js';
import type { Turn } from './turns.js';
import { personaKey } from './turns.js';
import type { RankedCandidate } from './types.js';

export const ACTIVITY_WINDOW_TURNS = 8;
export const PENDING_WINDOW_TURNS = 2;
export const SILENT_TURNS = 10;

/** The natural strategy's weights: the measured defaults are `NATURAL_WEIGHTS`; an ablation varies them. */
export interface NaturalWeights {
  /**
   * A vocative, @-mention or reply to the persona in the last turn: the one feature that overrides
   * A-B-A. Someone spoken to directly answers 70% of the time, where A-B-A would be right 15%.
   */
  directAddress: number;
  /** More when that sentence is a question ("Tao Le, …?"): about 80% answer then. */
  directQuestion: number;
  /**
   * The persona's name elsewhere in the last turn: talked about, it answers a third of the time, less
   * than A-B-A; so a name lifts it above A-B-A only when A-B-A is weak (little activity, asked nothing).
   * At 10, like a vocative: 58.9%; at 0: 59.9%; at 0.7 with the features below: 60.1%.
   */
  named: number;
  /** The persona spoke the turn before the last: A-B-A, the commonest shape of a conversation. */
  aba: number;
  /** Divided by how many distinct speakers back the persona last spoke (1 = A in A-B-A). */
  recency: number;
  /** Times the persona's share of the last ACTIVITY_WINDOW_TURNS turns: who is in the conversation. */
  activity: number;
  /** A in A-B-A asked a question and B answered it: A follows up. */
  asked: number;
  /** Spoken to directly in one of the PENDING_WINDOW_TURNS turns before the last, not answered yet. */
  pendingAddress: number;
  /**
   * Spoke in the scene, but not in the last SILENT_TURNS turns. The issue asked whether someone silent
   * for long should be drawn in; the data says the opposite, a little: they have left the conversation.
   */
  silent: number;
  /** Times (talkativeness − 0.5): a chatty persona speaks a little more readily (all 0.5 in the bench). */
  talkativeness: number;
  /** Times a uniform draw: only breaks near-ties, so equal personas take turns at random. */
  jitter: number;
}

export const NATURAL_WEIGHTS: Readonly<NaturalWeights> = Object.freeze({
  directAddress: 3,
  directQuestion: 1.5,
  named: 0.7,
  aba: 0.3,
  recency: 0.55,
  activity: 0.7,
  asked: 1,
  pendingAddress: 0.3,
  silent: -0.2,
  talkativeness: 0.5,
  jitter: 0.01,
});

const QUESTION = /[?？]/u;

export interface NaturalContext {
  turns: readonly Turn[];
  /** Whom the last turn addresses, by persona id. */
  addressed: ReadonlyMap<string, PersonaAddress>;
  /** Persona ids addressed directly shortly before the last turn who have not spoken since. */
  pending: ReadonlySet<string>;
  random: RandomSource;
  /** The measured defaults unless given (the benchmark's ablation switches them off one by one). */
  weights?: Readonly<NaturalWeights>;
}

/** How many distinct speakers back each speaker last spoke, the last speaker excluded (1-based). */
function speakersBack(turns: readonly Turn[]): Map<string, number> {
  const back = new Map<string, number>();
  const lastKey = turns.at(-1)?.key;
  for (let i = turns.length - 2; i >= 0; i--) {
    const key = turns[i]?.key;
    if (key === undefined || key === lastKey || back.has(key)) continue;
    back.set(key, back.size + 1);
  }
  return back;
}

/** For each speaker: turns in the recent window, and the index of its last turn. */
function activity(turns: readonly Turn[]): { recent: Map<string, number>; lastIndex: Map<string, number> } {
  const recent = new Map<string, number>();
  const lastIndex = new Map<string, number>();
  turns.forEach((turn, index) => {
    lastIndex.set(turn.key, index);
    if (index >= turns.length - ACTIVITY_WINDOW_TURNS) recent.set(turn.key, (recent.get(turn.key) ?? 0) + 1);
  });
  return { recent, lastIndex };
}

/** Scores every candidate (unsorted, in the order given), with the reasons that added to it. */
export function naturalScores(candidates: readonly Persona[], context: NaturalContext): RankedCandidate[] {
  const { turns } = context;
  const weights = context.weights ?? NATURAL_WEIGHTS;
  const back = speakersBack(turns);
  const { recent, lastIndex } = activity(turns);
  return candidates.map((persona) => {
    const key = personaKey(persona.id);
    const reasons: string[] = [];
    let score = 0;
    const add = (weight: number, reason: string) => {
      if (weight === 0) return;
      score += weight;
      reasons.push(reason);
    };

    const address = context.addressed.get(persona.id);
    if (address && isDirect(address.kind)) {
      add(
        weights.directAddress + (address.question ? weights.directQuestion : 0),
        `${address.kind}: ${address.name}`,
      );
    } else if (address) {
      add(weights.named, `named: ${address.name}`);
    }
    const distance = back.get(key);
    if (distance === 1) add(weights.aba, 'A-B-A');
    if (distance !== undefined) add(weights.recency / distance, `spoke ${distance} speaker(s) back`);
    const own = lastIndex.get(key);
    const ownTurn = own === undefined ? undefined : turns[own];
    if (distance === 1 && ownTurn && QUESTION.test(ownTurn.line.text))
      add(weights.asked, 'asked, was answered');
    if (context.pending.has(persona.id)) add(weights.pendingAddress, 'still to answer');
    if (own !== undefined && own < turns.length - SILENT_TURNS) add(weights.silent, 'silent for a while');

    const share = (recent.get(key) ?? 0) / ACTIVITY_WINDOW_TURNS;
    score += weights.activity * share + weights.talkativeness * (persona.talkativeness - 0.5);
    score += weights.jitter * context.random();
    return { personaId: persona.id, score, reasons };
  });
}
