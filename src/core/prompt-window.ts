// Which history lines fit a turn's prompt, chosen so the session cache keeps working. The window ends
// at the newest line; its start is aligned on line sequence numbers in blocks, so consecutive turns
// send the same oldest lines (the same prefix) and the start only jumps once a block's worth of lines
// has been appended, instead of sliding by a line or two every turn.
//
// How: `slidingStart` is the oldest line a tight (one-line) sliding window would keep. The window
// starts at the first block boundary at or after it: the smallest multiple of `block` ≥ slidingStart.
// `block` is the largest power of two (up to a cap) whose aligned window still keeps at least
// MIN_KEPT_SHARE of the tokens the sliding window keeps, so blocks are large when lines are small
// and shrink down to one line when single lines are huge.
//
// Why the start never moves backward as lines are appended: for a fixed boundary the kept share only
// grows until the sliding start passes that boundary (appended tokens add to both sides of the ratio,
// and the lines the sliding window drops lie before the boundary). So a block size stops qualifying
// only when its own boundary jumps forward, and a smaller block's boundary is then past the old one.

/** The aligned window may drop up to this share of what fits, in exchange for a stable prefix. */
const MIN_KEPT_SHARE = 0.75;

/** Largest block, in lines; the start jumps at most once per this many appended lines. */
export const DEFAULT_MAX_BLOCK_LINES = 256;

export interface WindowChoice {
  /** Index of the first line in the window (= lines dropped before it). */
  startIndex: number;
  /** Lines with seq ≥ fromSeq are in the window; a block boundary once the budget binds. */
  fromSeq: number;
}

function roundUpTo(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/** The largest power of two ≤ value (value ≥ 1). */
function floorPowerOfTwo(value: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, value)));
}

/**
 * Chooses the window over `seqs` (line sequence numbers, ascending) with `costs` (each line's tokens)
 * for `budget` tokens. `maxBlockLines` 1 gives the plain sliding window (only for comparisons).
 */
export function chooseWindow(
  seqs: readonly number[],
  costs: readonly number[],
  budget: number,
  maxBlockLines: number = DEFAULT_MAX_BLOCK_LINES,
): WindowChoice {
  const count = seqs.length;
  // suffix[i]: tokens of lines i..end.
  const suffix = new Array<number>(count + 1).fill(0);
  for (let i = count - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] ?? 0) + (costs[i] ?? 0);

  // Everything fits: send it all. The caller must pass more history than fits (not a count-capped
  // slice that fits whole), or the first line would move every turn.
  if ((suffix[0] ?? 0) <= budget) return { startIndex: 0, fromSeq: seqs[0] ?? 0 };

  let slidingIndex = 0;
  while (slidingIndex < count && (suffix[slidingIndex] ?? 0) > budget) slidingIndex++;
  if (slidingIndex === count) {
    // Not even the newest line fits: an empty window starting after it.
    return { startIndex: count, fromSeq: (seqs[count - 1] ?? 0) + 1 };
  }
  const slidingStart = seqs[slidingIndex] ?? 0;
  const slidingKept = suffix[slidingIndex] ?? 0;

  for (let block = floorPowerOfTwo(maxBlockLines); block >= 1; block /= 2) {
    const fromSeq = roundUpTo(slidingStart, block);
    let startIndex = slidingIndex;
    while (startIndex < count && (seqs[startIndex] ?? 0) < fromSeq) startIndex++;
    if ((suffix[startIndex] ?? 0) >= MIN_KEPT_SHARE * slidingKept || block === 1) {
      return { startIndex, fromSeq };
    }
  }
  return { startIndex: slidingIndex, fromSeq: slidingStart };
}
