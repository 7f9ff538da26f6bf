// Scene presence: a persona knows what was said while it was in the scene, not what was said before it
// was cast, nor while it was away (pure). A channel's settings keep, per persona, the spans of line
// seqs it was present for; a persona with none saw everything (it was there from the scene's first
// line, or was cast with `knows:everything`). Only the persona's own prompt is cut to what it saw: the
// director (the `model` strategy's proposal request too: it names who speaks next, says nothing in the
// scene, and must know who was addressed before someone joined), lore and scene notes read the channel
// as before; long-term memory keeps what it holds and takes in only the lines the persona saw.
//
// Cheap and cache-friendly: the spans ride in the settings every turn reads already, and a persona's
// visible lines are a fixed set of seqs, so its window starts on the same line turn after turn.
import type { Line } from './line.js';

export interface PresenceSpan {
  /** The first line seq the persona saw. */
  from: number;
  /** The last line seq it saw (inclusive); absent while it is in the scene. */
  to?: number;
}

/** Per persona id; a persona absent here saw everything. */
export type ScenePresence = Readonly<Record<string, readonly PresenceSpan[]>>;

/**
 * Spans kept per persona: a persona cast and removed over and over forgets its oldest presences first
 * (by then those lines have usually left the history anyway).
 */
export const MAX_PRESENCE_SPANS = 16;

/**
 * A persona's spans once it joins, the channel's newest line being `lastSeq` (undefined: no lines).
 * Undefined means it sees everything: cast with `knowsEverything`, or into a channel with nothing to hide.
 */
export function spansAfterJoining(
  spans: readonly PresenceSpan[] | undefined,
  lastSeq: number | undefined,
  knowsEverything: boolean,
): PresenceSpan[] | undefined {
  if (knowsEverything || lastSeq === undefined) return undefined;
  return [...(spans ?? []), { from: lastSeq + 1 }].slice(-MAX_PRESENCE_SPANS);
}

/** A persona's spans once it leaves after line `lastSeq` (undefined: no lines): the open span closes there. */
export function spansAfterLeaving(
  spans: readonly PresenceSpan[] | undefined,
  lastSeq: number | undefined,
): PresenceSpan[] {
  const to = lastSeq ?? 0;
  // One that saw everything saw every line up to now.
  const current = spans ?? [{ from: 0 }];
  return current
    .map((span): Required<PresenceSpan> => ({ from: span.from, to: span.to ?? to }))
    .filter((span) => span.to >= span.from);
}

const within = (seq: number, span: PresenceSpan): boolean =>
  seq >= span.from && (span.to === undefined || seq <= span.to);

/**
 * The lines of `history` (a page of the channel's history, oldest first) the persona saw, and whether
 * that selection is cut by the page: `truncated` as PromptInput.historyTruncated means it. A page that
 * starts before the persona's first line, or in a gap, leaves its visible lines whole (their first line
 * does not move from turn to turn); one that starts inside a span cuts them like any capped page.
 * Without spans, the history and the flag come back as they were.
 */
export function linesSeenBy(
  history: readonly Line[],
  spans: readonly PresenceSpan[] | undefined,
  truncated: boolean,
): { lines: readonly Line[]; truncated: boolean } {
  if (spans === undefined) return { lines: history, truncated };
  const lines = history.filter((line) => spans.some((span) => within(line.seq, span)));
  const pageStart = history[0]?.seq;
  const cut = truncated && pageStart !== undefined && spans.some((span) => within(pageStart, span));
  return { lines, truncated: cut };
}
