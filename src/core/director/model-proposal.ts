// The `model` strategy's request and its answer, both pure: the model reads the recent transcript and
// names who speaks next; only a cast name survives, anything else is no answer (the caller falls back
// to `natural`). The request is small and keeps its prefix stable between decisions (the cast list in
// the system message, a transcript window whose start moves in blocks), so the session cache serves
// most of it.
import type { ChatMessage, ChatRequest, PrefixMode } from '../chat.js';
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { personaNames } from '../persona.js';
import { speakerLabel, speakerNames } from '../prompt/speaker-labels.js';
import { findNames } from './names.js';
import { lastTurnAddressing } from './rank.js';
import { toTurns } from './turns.js';
import type { DirectorInput } from './types.js';

/** How the proposal's system message begins; the simulator recognises a director request by it. */
export const PROPOSAL_INTRO = 'You direct a group conversation in a chat channel.';
/** The assistant prefix the model continues with a name. */
export const PROPOSAL_PREFIX = 'Next speaker:';
/** A name is a few tokens; more only buys chatter that is thrown away. */
export const PROPOSAL_MAX_TOKENS = 8;
/** A judgement, not prose: no sampling. */
export const PROPOSAL_TEMPERATURE = 0;
/** The transcript holds at least this many of the newest spoken lines… */
export const PROPOSAL_WINDOW_LINES = 20;
/** …and starts on a multiple of this many seqs, so its prefix stays put for that many new lines. */
export const PROPOSAL_BLOCK_LINES = 10;
/** One line of the transcript is clipped to this many characters (a long monologue is skimmed). */
export const MAX_PROPOSAL_LINE_CHARS = 300;

const CAST_LIST_START = 'one of: ';
const CAST_LIST_END = '. Never the one who spoke last';

/** The system message: the task and the names the model may answer with. */
export function proposalSystemMessage(names: readonly string[]): string {
  return (
    `${PROPOSAL_INTRO} Read it and decide which character speaks next. Answer with the name of who ` +
    `speaks next, ${CAST_LIST_START}${names.join(', ')}${CAST_LIST_END}; the name only, nothing else.`
  );
}

/** The names a proposal's system message offers (the inverse of `proposalSystemMessage`). */
export function proposalCastNames(system: string): string[] | undefined {
  if (!system.startsWith(PROPOSAL_INTRO)) return undefined;
  const start = system.indexOf(CAST_LIST_START);
  const end = system.lastIndexOf(CAST_LIST_END);
  if (start === -1 || end < start) return undefined;
  return system
    .slice(start + CAST_LIST_START.length, end)
    .split(', ')
    .filter((name) => name !== '');
}

function clip(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const chars = [...flat];
  return chars.length <= MAX_PROPOSAL_LINE_CHARS
    ? flat
    : `${chars.slice(0, MAX_PROPOSAL_LINE_CHARS - 1).join('')}…`;
}

/**
 * The spoken lines the model reads: at least the newest `PROPOSAL_WINDOW_LINES`, from the block
 * boundary before them (so 20–29 lines), oldest first.
 */
export function proposalWindow(history: readonly Line[]): Line[] {
  const spoken = history.filter((line) => line.kind !== 'system');
  const slidingStart = spoken[spoken.length - PROPOSAL_WINDOW_LINES];
  if (!slidingStart) return spoken;
  const fromSeq = Math.floor(slidingStart.seq / PROPOSAL_BLOCK_LINES) * PROPOSAL_BLOCK_LINES;
  return spoken.filter((line) => line.seq >= fromSeq);
}

/**
 * The window as `Name: text` lines, one per line, each name as the personas' prompts show it (a person
 * named like a cast persona carries a player tag, so the model never takes their line for the persona's).
 */
export function proposalTranscript(history: readonly Line[], cast: readonly Persona[] = []): string {
  const window = proposalWindow(history);
  const names = speakerNames(cast, window);
  return window.map((line) => `${speakerLabel(line, names)}: ${clip(line.text)}`).join('\n');
}

/** Who may be proposed: the unmuted cast, minus the persona who spoke last. */
export function proposalCandidates(input: Pick<DirectorInput, 'cast' | 'history' | 'settings'>): Persona[] {
  const last = input.history.filter((line) => line.kind !== 'system').at(-1);
  return input.cast.filter(
    (persona) =>
      !input.settings.muted.includes(persona.id) &&
      !(last?.kind === 'persona' && last.speakerId === persona.id),
  );
}

/**
 * Whether the model is asked at all: only after a line that addresses nobody (no persona named,
 * replied to or mentioned, and no person). Addressing decides without it, as under every strategy.
 */
export function wantsProposal(input: DirectorInput): boolean {
  if (input.trigger.kind !== 'line') return false;
  const addressed = lastTurnAddressing(toTurns(input.history).at(-1), input.cast, input.history);
  return addressed.personas.size === 0 && addressed.persons.length === 0;
}

export interface ProposalRequestInput {
  history: readonly Line[];
  /** Who the model may name. The unmuted cast, in cast order: it stays put while the scene goes on. */
  cast: readonly Persona[];
  /** The whole cast, muted personas too: a person named like any of them is told apart. @defaultValue cast */
  fullCast?: readonly Persona[];
  model: string;
  /** The director's own session, never a persona's (their cached prefixes stay theirs). */
  sessionId: string;
  /** In `none` mode the server cannot continue a prefix: the request ends on the transcript. */
  prefixMode: PrefixMode;
}

/** The chat request that asks the model who speaks next. */
export function buildProposalRequest(input: ProposalRequestInput): ChatRequest {
  const messages: ChatMessage[] = [
    { role: 'system', content: proposalSystemMessage(input.cast.map((persona) => persona.name)) },
    { role: 'user', content: proposalTranscript(input.history, input.fullCast ?? input.cast) },
  ];
  if (input.prefixMode !== 'none')
    messages.push({ role: 'assistant', content: PROPOSAL_PREFIX, partial: true });
  return {
    model: input.model,
    messages,
    sessionId: input.sessionId,
    maxTokens: PROPOSAL_MAX_TOKENS,
    temperature: PROPOSAL_TEMPERATURE,
  };
}

/**
 * The persona the answer names, or undefined. The first cast name in the answer (display name, alias
 * or an unambiguous word of a display name, any script) counts; it must be one of `candidates`, so the
 * persona who just spoke, a muted one or a person is no answer.
 */
export function parseProposal(
  answer: string,
  cast: readonly Persona[],
  candidates: readonly Persona[],
): string | undefined {
  const nameables = cast.map((persona) => ({ key: persona.id, names: personaNames(persona) }));
  const first = findNames(answer, nameables)[0];
  if (!first) return undefined;
  return candidates.some((persona) => persona.id === first.key) ? first.key : undefined;
}
