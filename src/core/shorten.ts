// The one way Troupe shortens text for a platform with a length limit (Discord's 2,000-character
// messages, 45-character modal titles, 80-character webhook names…): cut only between graphemes (what a
// reader sees as one character: 🎸, 👩‍👩‍👧, é, 凌), so no cut ever leaves half an emoji, a lone
// UTF-16 surrogate Discord refuses to store, or a letter without its accent.
//
// Lengths are UTF-16 code units (`string.length`): never fewer than the code points Discord counts,
// so whatever fits here fits there.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** What `shorten` appends to a cut text. */
const ELLIPSIS = '…';

/** The longest start of `text` at most `maxUnits` long that ends between two graphemes ('' if none). */
export function fitPrefix(text: string, maxUnits: number): string {
  const limit = Math.max(0, Math.floor(maxUnits));
  if (text.length <= limit) return text;
  let end = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (index + segment.length > limit) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** The longest start of `text` at most `maxUnits` long that ends between two code points (at least one). */
function fitCodePoints(text: string, maxUnits: number): string {
  let end = 0;
  for (const char of text) {
    if (end > 0 && end + char.length > maxUnits) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * `text` as it is when it fits in `maxUnits`, else cut between graphemes with `ellipsis` after it, the
 * whole at most `maxUnits` long (trailing spaces before the ellipsis dropped).
 */
export function shorten(text: string, maxUnits: number, ellipsis: string = ELLIPSIS): string {
  if (text.length <= maxUnits) return text;
  if (maxUnits < ellipsis.length) return fitPrefix(text, maxUnits);
  return `${fitPrefix(text, maxUnits - ellipsis.length).trimEnd()}${ellipsis}`;
}

/**
 * `text` cut into pieces of at most `maxUnits`, each ending between two graphemes; only a grapheme that
 * alone is longer (a letter under hundreds of combining marks) is cut, between two code points, so no
 * surrogate is ever split.
 */
export function splitAtGraphemes(text: string, maxUnits: number): string[] {
  const pieces: string[] = [];
  for (let rest = text; rest !== '';) {
    const piece = fitPrefix(rest, maxUnits) || fitCodePoints(rest, maxUnits);
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  return pieces;
}
