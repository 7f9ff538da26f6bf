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
 * anyone three times…), in random order within a round. Within a round, the persona who spoke two
 * turns ago comes last, so a round boundary does not turn into an A→B→A→B ping-pong.
 */
export function pooledScores(
  candidates: readonly Persona[],
  history: readonly Line[],
  random: RandomSource,
): RankedCandidate[] {
  const turnsSincePerson = new Map<string, number>();
  const botLines: Line[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i];
    if (!line || line.kind === 'system') continue;
    if (!isBotLine(line)) break;
    botLines.push(line);
    if (line.kind === 'persona')
      turnsSincePerson.set(line.speakerId, (turnsSincePerson.get(line.speakerId) ?? 0) + 1);
  }
  const twoBack = botLines[1]?.kind === 'persona' ? botLines[1].speakerId : undefined;
  return candidates.map((persona) => {
    const spoken = turnsSincePerson.get(persona.id) ?? 0;
    // Both terms stay below 1 together, so they only order personas who have spoken equally often.
    const order = (persona.id === twoBack ? 0 : 0.5) + 0.49 * random();
    return {
      personaId: persona.id,
      score: -spoken + order,
      reasons: [`pooled: spoke ${spoken}× since a person`],
    };
  });
}

/** `random`: uniform, from the seeded source. */
export function randomScores(candidates: readonly Persona[], random: RandomSource): RankedCandidate[] {
  return candidates.map((persona) => ({ personaId: persona.id, score: random(), reasons: ['random draw'] }));
}
