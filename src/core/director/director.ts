// Decides whether a persona speaks next, which one, when and why. The order of the rules is the
// policy: forced turns always run; pause and manual stop everything else; the loop guard stops
// personas talking among themselves; addressing beats every strategy; a line meant for a person is
// left to that person; only then does the channel's strategy choose.
import type { Strategy } from '../channel-settings.js';
import type { Line } from '../line.js';
import { isDirect } from './addressing.js';
import type { PersonaAddress } from './addressing.js';
import { turnDelayMs } from './delay.js';
import { loopCapReached, pingPong, trailingBotLines } from './loop-guard.js';
import { lastTurnAddressing, rankCandidates } from './rank.js';
import { isBotLine, lastSpokenLine, personaKey, toTurns } from './turns.js';
import type { Decision, DirectorInput, RankedCandidate } from './types.js';

/** How often a persona butts into a line meant for a person (by the seeded draw), 0–1. */
export const PERSON_BUTT_IN_RATE = 0.05;
/** A persona butting in waits this many times longer than usual. */
export const BUTT_IN_SLOWDOWN = 4;

const nobody = (reason: string): Decision => ({ speak: false, reason: `nobody: ${reason}` });

function nameOf(input: DirectorInput, personaId: string): string {
  return input.cast.find((persona) => persona.id === personaId)?.name ?? personaId;
}

function describeAddress(address: PersonaAddress): string {
  switch (address.kind) {
    case 'mention':
      return `@-mentioned: ${address.name}`;
    case 'reply':
      return `replied to: ${address.name}`;
    default:
      return `addressed by name: ${address.name}`;
  }
}

function decideForced(input: DirectorInput, personaId: string): Decision {
  if (!input.cast.some((persona) => persona.id === personaId)) {
    return nobody(`${personaId} is not in the cast`);
  }
  const last = lastSpokenLine(input.history);
  const ownLine = last?.kind === 'persona' && last.speakerId === personaId;
  // Forced means now: no reaction time, and the persona gap does not hold a moderator back.
  return {
    speak: true,
    personaId,
    delayMs: 0,
    reason: `forced: ${nameOf(input, personaId)}`,
    mode: ownLine ? 'continue' : 'reply',
  };
}

/** A draw proportional to the scores (all positive). */
function weightedDraw(ranking: readonly RankedCandidate[], draw: number): RankedCandidate | undefined {
  const total = ranking.reduce((sum, candidate) => sum + candidate.score, 0);
  let left = draw * total;
  for (const candidate of ranking) {
    left -= candidate.score;
    if (left < 0) return candidate;
  }
  return ranking.at(-1);
}

function decideSilence(input: DirectorInput, nudgesSoFar: number): Decision {
  const { settings } = input;
  if (!settings.silence.enabled) return nobody('silence nudges are off');
  if (settings.paused) return nobody('paused');
  if (settings.strategy === 'manual') return nobody('manual: only forced turns');
  if (nudgesSoFar >= settings.silence.maxNudges) return nobody(`nudge cap: ${nudgesSoFar} unanswered nudges`);
  const ranking = rankCandidates(input).filter((candidate) => candidate.score > 0);
  const chosen = weightedDraw(ranking, input.random());
  if (!chosen) return nobody('nobody is talkative enough to speak up');
  const { history, now, random } = input;
  const delayMs = turnDelayMs({ history, minPersonaGapMs: settings.minPersonaGapMs, now, random });
  const reason = `silence: ${nameOf(input, chosen.personaId)} speaks up (nudge ${nudgesSoFar + 1} of ${settings.silence.maxNudges})`;
  return { speak: true, personaId: chosen.personaId, delayMs, reason, mode: 'continue' };
}

function speakAfter(
  input: DirectorInput,
  last: Line,
  personaId: string,
  reason: string,
  slowdown = 1,
): Decision {
  const { history, now, random, settings } = input;
  const delayMs = turnDelayMs({
    history,
    minPersonaGapMs: settings.minPersonaGapMs,
    now,
    random,
    answering: last,
    slowdown,
  });
  return { speak: true, personaId, delayMs, reason, mode: 'reply' };
}

/** `model` is `natural` inside the pure director: the model's say comes after it (choose-speaker.ts). */
function isNaturalOrder(strategy: Strategy): boolean {
  return strategy === 'natural' || strategy === 'model';
}

function strategyReason(input: DirectorInput, chosen: RankedCandidate): string {
  const name = nameOf(input, chosen.personaId);
  if (!isNaturalOrder(input.settings.strategy)) return `${input.settings.strategy}: ${name}`;
  return `natural: ${name}${chosen.reasons.length > 0 ? ` (${chosen.reasons.join(', ')})` : ''}`;
}

function decideAfterLine(input: DirectorInput): Decision {
  const { settings, history } = input;
  if (settings.paused) return nobody('paused');
  if (settings.strategy === 'manual') return nobody('manual: only forced turns');
  const last = lastSpokenLine(history);
  if (!last || history.at(-1)?.kind === 'system') return nobody('no line to answer');

  const turns = toTurns(history);
  const addressed = lastTurnAddressing(turns.at(-1), input.cast, history);
  // The cap is absolute: a persona naming another does not lift it; only a person's line does.
  if (loopCapReached(history, settings.maxBotTurns)) {
    return nobody(`loop cap: ${trailingBotLines(history).length} persona turns in a row`);
  }

  const ranking = rankCandidates(input);
  // Addressed personas, the most directly addressed first, then by rank.
  const addressedRanked = ranking
    .filter((candidate) => addressed.personas.has(candidate.personaId))
    .sort(
      (a, b) => strength(addressed.personas.get(b.personaId)) - strength(addressed.personas.get(a.personaId)),
    );

  const pair = pingPong(history);
  if (pair) {
    // Only a third persona spoken to directly breaks a ping-pong; being talked about is not enough.
    const third = addressedRanked.find((candidate) => {
      const address = addressed.personas.get(candidate.personaId);
      return address && isDirect(address.kind) && !pair.keys.includes(personaKey(candidate.personaId));
    });
    if (!third) return nobody(`ping-pong between ${pair.names[0]} and ${pair.names[1]}`);
    const address = addressed.personas.get(third.personaId);
    return speakAfter(input, last, third.personaId, address ? describeAddress(address) : 'addressed');
  }

  const first = addressedRanked[0];
  const firstAddress = first && addressed.personas.get(first.personaId);
  if (first && firstAddress) return speakAfter(input, last, first.personaId, describeAddress(firstAddress));

  const top = ranking[0];
  if (addressed.persons.length > 0) {
    const who = addressed.persons.join(', ');
    if (!top || input.random() >= PERSON_BUTT_IN_RATE) return nobody(`addressed to a person (${who})`);
    return speakAfter(
      input,
      last,
      top.personaId,
      `butting in: addressed to a person (${who})`,
      BUTT_IN_SLOWDOWN,
    );
  }
  if (!top) return nobody('nobody else to speak');

  // Personas answer personas only as readily as they are talkative; the strategies that take turns
  // (round-robin, pooled, random) go on until the loop cap.
  if (isNaturalOrder(settings.strategy) && isBotLine(last)) {
    const talkativeness = input.cast.find((persona) => persona.id === top.personaId)?.talkativeness ?? 0;
    if (input.random() >= talkativeness) return nobody(`no persona picks up ${last.speakerName}'s line`);
  }
  return speakAfter(input, last, top.personaId, strategyReason(input, top));
}

function strength(address: PersonaAddress | undefined): number {
  if (!address) return 0;
  return isDirect(address.kind) ? 2 : 1;
}

/**
 * Who speaks next and when, or nobody, with a short reason. Pure: the same input (and seed) gives the
 * same decision. The rules, in order:
 * - `forced`: the forced persona speaks now (delay 0), muted, paused, manual or capped alike.
 * - `paused` or strategy `manual`: nobody on their own. In manual, addressing does not count either:
 *   only forced turns run, so a person chooses every turn.
 * - `silence`: refused when nudges are off or `nudgesSoFar >= silence.maxNudges`; otherwise a draw
 *   weighted by talkativeness and by who the scene is about, avoiding the last speaker; mode `continue`.
 * - `line`: the loop cap (`maxBotTurns` bot lines in a row), then the A→B→A→B detector, then whoever
 *   the last turn addresses, then nobody for a line meant for a person (a rare, slow exception), then
 *   the strategy. After a bot's line, `natural` continues only as often as the chosen persona is
 *   talkative; the turn-taking strategies continue up to the cap.
 */
export function decideNextSpeaker(input: DirectorInput): Decision {
  if (input.cast.length === 0) return nobody('the cast is empty');
  const { trigger } = input;
  switch (trigger.kind) {
    case 'forced':
      return decideForced(input, trigger.personaId);
    case 'silence':
      return decideSilence(input, trigger.nudgesSoFar);
    case 'line':
      return decideAfterLine(input);
  }
}
