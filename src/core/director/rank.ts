// Orders the candidates for the next turn under the channel's strategy. Ranking never refuses (the
// loop guard, pause and nudge cap are the director's): it only says who is most fit to speak, so the
// benchmark can score it and a model-backed ranker can wrap it later.
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { addressStrength, addressing, isDirect } from './addressing.js';
import type { PersonaAddress } from './addressing.js';
import { PENDING_WINDOW_TURNS, naturalScores } from './natural.js';
import { silenceScores } from './silence.js';
import { pooledScores, randomScores, roundRobinScores } from './strategies.js';
import type { Turn } from './turns.js';
import { personaKey, toTurns } from './turns.js';
import type { DirectorInput, RankedCandidate } from './types.js';

/** Added for an addressed persona under the strategies that do not weigh addressing themselves. */
export const ADDRESSED_BONUS = 1_000;

export interface TurnAddressing {
  /** Personas addressed anywhere in the last turn, by id, with the strongest way they were. */
  personas: Map<string, PersonaAddress>;
  /** Persons the last turn addresses. */
  persons: string[];
}

/** Whom the last turn (all its lines, a person may split one thought) addresses. */
export function lastTurnAddressing(
  turn: Turn | undefined,
  cast: readonly Persona[],
  history: readonly Line[],
): TurnAddressing {
  const personas = new Map<string, PersonaAddress>();
  const persons = new Set<string>();
  for (const line of turn?.lines ?? []) {
    const found = addressing(line, cast, history);
    for (const address of found.personas) {
      const known = personas.get(address.personaId);
      if (!known || addressStrength(address.kind) >= addressStrength(known.kind))
        personas.set(address.personaId, address);
    }
    for (const person of found.persons) persons.add(person);
  }
  return { personas, persons: [...persons] };
}

/**
 * Personas addressed directly in one of the few turns before the last who have not spoken since: a
 * question put to them is still open.
 */
export function pendingAddressees(
  turns: readonly Turn[],
  cast: readonly Persona[],
  history: readonly Line[],
): Set<string> {
  const pending = new Set<string>();
  const answered = new Set<string>([turns.at(-1)?.key ?? '']);
  for (let i = turns.length - 2; i >= Math.max(0, turns.length - 1 - PENDING_WINDOW_TURNS); i--) {
    const turn = turns[i];
    if (!turn) continue;
    for (const [personaId, address] of lastTurnAddressing(turn, cast, history).personas) {
      if (isDirect(address.kind) && !answered.has(personaKey(personaId))) pending.add(personaId);
    }
    answered.add(turn.key);
  }
  return pending;
}

function sortRanking(scored: RankedCandidate[], cast: readonly Persona[]): RankedCandidate[] {
  const order = new Map(cast.map((persona, index) => [persona.id, index]));
  return scored.sort(
    (a, b) => b.score - a.score || (order.get(a.personaId) ?? 0) - (order.get(b.personaId) ?? 0),
  );
}

/**
 * Who may take a turn after the last line: not the persona who just spoke (nobody twice in a row),
 * and a muted persona only when addressed.
 */
export function eligibleAfterLine(
  input: DirectorInput,
  turns: readonly Turn[],
  addressed: TurnAddressing,
): Persona[] {
  const last = turns.at(-1)?.line;
  return input.cast.filter((persona) => {
    if (last?.kind === 'persona' && last.speakerId === persona.id) return false;
    return !input.settings.muted.includes(persona.id) || addressed.personas.has(persona.id);
  });
}

function rankAfterLine(input: DirectorInput): RankedCandidate[] {
  const turns = toTurns(input.history);
  const addressed = lastTurnAddressing(turns.at(-1), input.cast, input.history);
  const candidates = eligibleAfterLine(input, turns, addressed);
  switch (input.settings.strategy) {
    case 'natural':
    case 'manual': // a person chooses in manual; the natural order is still the best guess to show
    case 'model': // the model's proposal is asked for outside the pure director; natural is its fallback
      return naturalScores(candidates, {
        turns,
        addressed: addressed.personas,
        pending: pendingAddressees(turns, input.cast, input.history),
        random: input.random,
        ...(input.naturalWeights ? { weights: input.naturalWeights } : {}),
      });
    case 'round-robin':
      return withAddressBonus(roundRobinScores(candidates, input.cast, input.history), addressed);
    case 'pooled':
      return withAddressBonus(pooledScores(candidates, input.history, input.random), addressed);
    case 'random':
      return withAddressBonus(randomScores(candidates, input.random), addressed);
  }
}

function withAddressBonus(scored: RankedCandidate[], addressed: TurnAddressing): RankedCandidate[] {
  return scored.map((candidate) => {
    const address = addressed.personas.get(candidate.personaId);
    if (!address) return candidate;
    return {
      ...candidate,
      score: candidate.score + ADDRESSED_BONUS,
      reasons: [`${address.kind}: ${address.name}`, ...candidate.reasons],
    };
  });
}

/**
 * Every candidate for the next turn with its score, best first (ties in cast order). Under a `line`
 * trigger: the cast minus the persona who just spoke, minus muted personas not addressed. Under
 * `silence`: unmuted personas, the last speaker only if nobody else could speak. Under `forced`: the
 * forced persona first, then the others as after a line.
 *
 * Under `natural`, being named is one weight among others, as measured: a persona talked about in the
 * third person may rank below the A in A-B-A. `decideNextSpeaker` still gives the turn to whoever a
 * line names (the rule people expect); the ranking is the best guess at who would speak.
 */
export function rankCandidates(input: DirectorInput): RankedCandidate[] {
  const { trigger } = input;
  if (trigger.kind === 'silence') {
    const unmuted = input.cast.filter((persona) => !input.settings.muted.includes(persona.id));
    return silenceScores(unmuted, input.history);
  }
  const ranked = sortRanking(rankAfterLine(input), input.cast);
  if (trigger.kind === 'line') return ranked;
  const best = ranked[0]?.score ?? 0;
  const others = ranked.filter((candidate) => candidate.personaId !== trigger.personaId);
  const forced = input.cast.some((persona) => persona.id === trigger.personaId);
  return forced
    ? [{ personaId: trigger.personaId, score: best + 1, reasons: ['forced'] }, ...others]
    : others;
}
