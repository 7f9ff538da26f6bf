// The turn-taking strategies other than `natural` (see natural.ts), as scorers: each orders the
// candidates, and the director takes the best. Scores only order; their scale means nothing.
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import type { RandomSource } from '../random.js';
import { isBotLine } from './turns.js';
import type { RankedCandidate } from './types.js';

/** `round-robin`: cast order, starting after the last persona who spoke (wrapping round). */
export function roundRobinScores(
  candidates: readonly Persona[],
  cast: readonly Persona[],
  history: readonly Line[],
): RankedCandidate[] {
  const lastPersonaLine = [...history].reverse().find((line) => line.kind === 'persona');
  const lastIndex = lastPersonaLine
    ? cast.findIndex((persona) => persona.id === lastPersonaLine.speakerId)
    : -1;
  const size = cast.length;
  return candidates.map((persona) => {
    const index = cast.findIndex((member) => member.id === persona.id);
    const stepsAhead = (index - lastIndex - 1 + size) % size;
    return {
      personaId: persona.id,
      score: size - stepsAhead,
      reasons: [`round-robin: ${stepsAhead + 1} after the last`],
    };
  });
}

/**
 * `pooled`: everyone once since the last person's line before anyone twice (then everyone twice before
 * anyone three times…), in random order within a round.
 */
export function pooledScores(
  candidates: readonly Persona[],
  history: readonly Line[],
  random: RandomSource,
): RankedCandidate[] {
  const turnsSincePerson = new Map<string, number>();
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i];
    if (!line || line.kind === 'system') continue;
    if (!isBotLine(line)) break;
    if (line.kind === 'persona')
      turnsSincePerson.set(line.speakerId, (turnsSincePerson.get(line.speakerId) ?? 0) + 1);
  }
  return candidates.map((persona) => {
    const spoken = turnsSincePerson.get(persona.id) ?? 0;
    // The draw is below 1, so it only orders personas who have spoken equally often.
    return {
      personaId: persona.id,
      score: -spoken + random(),
      reasons: [`pooled: spoke ${spoken}× since a person`],
    };
  });
}

/** `random`: uniform, from the seeded source. */
export function randomScores(candidates: readonly Persona[], random: RandomSource): RankedCandidate[] {
  return candidates.map((persona) => ({ personaId: persona.id, score: random(), reasons: ['random draw'] }));
}
