// Who speaks up when the channel goes quiet. The scene should not die, but nobody wants personas
// chattering into an empty room: the nudge cap bounds unanswered nudges, and a talkativeness of 0
// means a persona never speaks up on its own.
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { personaNames } from '../persona.js';
import { findNames } from './names.js';
import type { RankedCandidate } from './types.js';

/** Lines looked at to find whom the scene is about. */
export const SCENE_WINDOW_LINES = 12;
/** Per line of the window that names the persona: the scene is about it, so it has something to say. */
export const SCENE_ABOUT_WEIGHT = 0.5;
/** Per line of the window the persona spoke: it is in the scene, not in a corner. */
export const SCENE_PRESENCE_WEIGHT = 0.25;

/**
 * Silence weights: talkativeness × (1 + how much the recent scene is about or with the persona). The
 * last speaker is left out when anyone else could speak. Sorted, heaviest first; a weight of 0 never
 * speaks.
 */
export function silenceScores(candidates: readonly Persona[], history: readonly Line[]): RankedCandidate[] {
  const window = history.filter((line) => line.kind !== 'system').slice(-SCENE_WINDOW_LINES);
  const nameables = candidates.map((persona) => ({ key: persona.id, names: personaNames(persona) }));
  const named = new Map<string, number>();
  const spoke = new Map<string, number>();
  for (const line of window) {
    const keys = new Set(findNames(line.text, nameables).map((match) => match.key));
    for (const key of keys) if (key !== line.speakerId) named.set(key, (named.get(key) ?? 0) + 1);
    if (line.kind === 'persona') spoke.set(line.speakerId, (spoke.get(line.speakerId) ?? 0) + 1);
  }
  const lastSpeaker = window.at(-1);
  const scored = candidates.map((persona) => {
    const about = named.get(persona.id) ?? 0;
    const present = spoke.get(persona.id) ?? 0;
    const score = persona.talkativeness * (1 + SCENE_ABOUT_WEIGHT * about + SCENE_PRESENCE_WEIGHT * present);
    const reasons = [`talkativeness ${persona.talkativeness}`];
    if (about > 0) reasons.push(`named in ${about} recent line(s)`);
    if (present > 0) reasons.push(`spoke ${present} recent line(s)`);
    return { personaId: persona.id, score, reasons };
  });
  const isLast = (candidate: RankedCandidate) =>
    lastSpeaker?.kind === 'persona' && candidate.personaId === lastSpeaker.speakerId;
  const others = scored.filter((candidate) => !isLast(candidate) && candidate.score > 0);
  return (others.length > 0 ? others : scored).sort((a, b) => b.score - a.score);
}
