// Which history lines fit a turn's prompt, chosen so the session cache keeps working. The window ends
// at the newest line; its start is aligned on line sequence numbers in blocks, so consecutive turns
// send the same oldest lines (the same prefix) and the start only jumps once a block's worth of lines
// has been appended, instead of sliding by a line or two every turn.
//
// How: `slidingStart` is the oldest line a tight (one-line) sliding window would keep. The window
// starts at the first block boundary at or after it: the smallest multiple of `block` ≥ slidingStart.
// `block` is the largest power of two (up to a cap) whose aligned window leaves unused no more than
// `allowedWaste` of the tokens that would fit, so blocks are large when lines are small and shrink
// down to one line when single lines are huge. Each jump costs one uncached prompt; the larger the
// block, the rarer the jumps and the smaller the average window: the waste limits set that trade.
//
// Why the start never moves backward as lines are appended: for a fixed boundary, appending a line
// adds its tokens to the kept side, while the tokens that would fit grow by at most as much (the
// sliding window drops lines before the boundary) and the allowed kept minimum grows by no more than
// that (`fits - allowedWaste(fits)` has slope ≤ 1). So a block size stops qualifying only when its own
// boundary jumps forward, and every smaller block's boundary is then past the old one; a larger block
// qualifying again moves the start to its boundary, a multiple of the smaller one, never before it.

/** Alignment may leave unused up to this share of the tokens that would fit… */
const WASTE_SHARE = 0.25;
/**
 * …or this many tokens if that is more (but never more than MAX_WASTE_SHARE). On 8k-token models a
 * quarter of the budget is only a few turns of chat, and every jump costs a whole uncached prompt;
 * ~2,500 tokens keeps the start in place for 10+ turns there.
 */
const WASTE_FLOOR_TOKENS = 2_500;
const MAX_WASTE_SHARE = 0.5;

/** Tokens the aligned window may leave unused when `fits` tokens of lines would fit. */
function allowedWaste(fits: number): number {
  return Math.max(WASTE_SHARE * fits, Math.min(WASTE_FLOOR_TOKENS, MAX_WASTE_SHARE * fits));
}

/** Largest block, lines: with small lines the start stays put for up to this many appended lines. */
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
 * Chooses the window over `seqs` (line sequence numbers, ascending) for `budget` tokens, where
 * `costOf(i)` is line i's tokens. Costs are asked for newest first and only until the budget is
 * exceeded, so a long history costs no more than the window. `maxBlockLines` 1 gives the plain sliding
 * window (only for comparisons); `truncated` says `seqs` may not reach back to the scene's start.
 */
export function chooseWindow(
  seqs: readonly number[],
  costOf: (index: number) => number,
  budget: number,
  options: { maxBlockLines?: number; truncated?: boolean } = {},
): WindowChoice {
  const { maxBlockLines = DEFAULT_MAX_BLOCK_LINES, truncated = false } = options;
  const count = seqs.length;
  if (count === 0) return { startIndex: 0, fromSeq: 0 };
  // suffix[i]: tokens of lines i..end, filled from the end while they fit.
  const suffix = new Array<number>(count + 1).fill(0);
  let slidingIndex = count;
  while (slidingIndex > 0) {
    const total = (suffix[slidingIndex] ?? 0) + costOf(slidingIndex - 1);
    if (total > budget) break;
    slidingIndex--;
    suffix[slidingIndex] = total;
  }

  // Everything fits: send it all, unless the history is a count-capped page. Its first line then moves
  // with every appended line, so it is aligned like a budget-bound start.
  if (slidingIndex === 0 && !truncated) return { startIndex: 0, fromSeq: seqs[0] ?? 0 };
  // Not even the newest line fits: an empty window starting after it.
  if (slidingIndex === count) return { startIndex: count, fromSeq: (seqs[count - 1] ?? 0) + 1 };

  const slidingStart = seqs[slidingIndex] ?? 0;
  const slidingKept = suffix[slidingIndex] ?? 0;
  for (let block = floorPowerOfTwo(maxBlockLines); block > 1; block /= 2) {
    const fromSeq = roundUpTo(slidingStart, block);
    let startIndex = slidingIndex;
    while (startIndex < count && (seqs[startIndex] ?? 0) < fromSeq) startIndex++;
    if ((suffix[startIndex] ?? 0) >= slidingKept - allowedWaste(slidingKept)) return { startIndex, fromSeq };
  }
  return { startIndex: slidingIndex, fromSeq: slidingStart };
}
