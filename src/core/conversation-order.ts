// The history in the order the conversation happened, for whoever decides or speaks next. Lines are
// stored in arrival order, but a persona's reply is stored only after it is posted: a person who spoke
// while it was being posted (a webhook post takes 100–500 ms) is stored before a reply that never saw
// them. Read in stored order, that reply would look like the answer to their line, and the line would
// go unanswered. So a reply is read right after the newest line it saw (`seenSeq`), and the lines it
// did not see come after it, still waiting for an answer.
import type { Line } from './line.js';

/** `lines` (oldest first) with each reply moved back to just after the newest line it saw. */
export function inConversationOrder(lines: readonly Line[]): Line[] {
  if (!lines.some(unseenBefore)) return [...lines];
  const key = (line: Line) => (unseenBefore(line) ? line.seenSeq! + 0.5 : line.seq);
  // Stable: lines with equal keys keep their stored order.
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => key(a.line) - key(b.line) || a.index - b.index)
    .map(({ line }) => line);
}

/** A reply stored after lines it did not see. */
function unseenBefore(line: Line): boolean {
  return line.seenSeq !== undefined && line.seenSeq < line.seq - 1;
}
