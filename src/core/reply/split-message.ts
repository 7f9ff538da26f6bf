// Splits a persona's reply into chunks a platform accepts (Discord: 2,000 characters a message), pure.
// A reader should not notice the seams: chunks break between paragraphs when they can, then between
// lines, sentences (Latin or CJK), words, and only as a last resort inside a word. A fenced code block
// stays whole unless it alone is too long; then each chunk closes the fence and the next reopens it
// with the same language tag, so every chunk still renders as code.
import { splitAtGraphemes } from '../shorten.js';

/** Discord's limit on a message's content, characters. */
export const DISCORD_MESSAGE_LIMIT = 2000;

/** A piece of text and the separator that joins it to the next piece when both share a chunk. */
interface Piece {
  text: string;
  sep: string;
}

interface Block extends Piece {
  /** Set for a fenced code block: its opening line (with the language tag) and closing fence. */
  code?: { open: string; close: string; body: string[] };
}

/** Separators of prose, coarsest first, after blank lines (which `parseBlocks` handles). */
const PROSE_SEPARATORS: readonly RegExp[] = [
  /\n/gu,
  // After . ! ? … (and closing quotes) followed by spaces; after 。！？ with or without spaces, but not
  // between the mark and its closing quote or a run of marks.
  /(?<=[.!?…]["'”’)\]]*)\s+|(?<=[。！？][”’」』）)]*)(?![”’」』）)。！？])\s*/gu,
  /\s+/gu,
];

const FENCE_OPEN = /^ {0,3}(`{3,})([^`]*)$/u;

/** Paragraphs and fenced code blocks, each with the whitespace that followed it. */
function parseBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let prose: string[] = [];
  const flushProse = (): void => {
    if (prose.length > 0) blocks.push({ text: prose.join('\n'), sep: '\n' });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      flushProse();
      const close = fence[1] ?? '```';
      const closing = new RegExp(`^ {0,3}${close}\`*\\s*$`, 'u');
      const body: string[] = [];
      let closeLine: string | undefined;
      for (i++; i < lines.length; i++) {
        const bodyLine = lines[i] ?? '';
        if (closing.test(bodyLine)) {
          closeLine = bodyLine;
          break;
        }
        body.push(bodyLine);
      }
      const whole = [line, ...body, ...(closeLine === undefined ? [] : [closeLine])].join('\n');
      blocks.push({ text: whole, sep: '\n', code: { open: line.trim(), close, body } });
    } else if (line.trim() === '') {
      flushProse();
      const last = blocks.at(-1);
      if (last) last.sep += '\n';
    } else {
      prose.push(line);
    }
  }
  flushProse();
  return blocks;
}

/** Cuts text at `separator` matches, keeping each match as the separator after its piece. */
function splitKeeping(text: string, separator: RegExp): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  for (const match of text.matchAll(separator)) {
    const piece = text.slice(start, match.index);
    const last = pieces.at(-1);
    if (piece) pieces.push({ text: piece, sep: match[0] });
    else if (last) last.sep += match[0];
    start = match.index + match[0].length;
  }
  const tail = text.slice(start);
  if (tail) pieces.push({ text: tail, sep: '' });
  return pieces;
}

/** The last resort: slices of at most `limit`, cut between graphemes (never through an emoji). */
function hardCut(text: string, limit: number): Piece[] {
  return splitAtGraphemes(text, limit).map((piece) => ({ text: piece, sep: '' }));
}

/** Pieces of at most `limit` characters, cut at the coarsest separator that makes them fit. */
function splitProse(text: string, limit: number, level = 0): Piece[] {
  if (text.length <= limit) return [{ text, sep: '' }];
  const separator = PROSE_SEPARATORS[level];
  if (!separator) return hardCut(text, limit);
  const parts = splitKeeping(text, separator);
  if (parts.length <= 1) return splitProse(text, limit, level + 1);
  return parts.flatMap((part) => withSep(splitProse(part.text, limit, level + 1), part.sep));
}

/** The last sub-piece of a split piece carries the piece's own separator. */
function withSep(pieces: Piece[], sep: string): Piece[] {
  const last = pieces.at(-1);
  if (last) last.sep = sep;
  return pieces;
}

/** Packs pieces greedily into chunks of at most `limit` characters. */
function pack(pieces: readonly Piece[], limit: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  let sep = '';
  for (const piece of pieces) {
    if (current === undefined) current = piece.text;
    else if (current.length + sep.length + piece.text.length <= limit) current += sep + piece.text;
    else {
      chunks.push(current);
      current = piece.text;
    }
    sep = piece.sep;
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}

/** An oversize code block as several fenced blocks, each closed and the next reopened with its tag. */
function splitCode(block: Block, code: NonNullable<Block['code']>, limit: number): Piece[] {
  const bodyLimit = limit - code.open.length - code.close.length - 2;
  // A limit too small for the fences themselves: treat the block as plain text.
  if (bodyLimit < 1) return splitProse(block.text, limit);
  const lines = code.body.flatMap((line) =>
    line.length <= bodyLimit ? [{ text: line, sep: '\n' }] : withSep(hardCut(line, bodyLimit), '\n'),
  );
  const bodies = pack(lines, bodyLimit);
  return bodies.map((body) => ({ text: `${code.open}\n${body}\n${code.close}`, sep: '\n' }));
}

/**
 * Splits `text` into chunks of at most `limit` characters (UTF-16 code units, which never
 * under-counts), trimmed, none empty. Text that fits comes back as one chunk.
 */
export function splitMessage(text: string, limit: number = DISCORD_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  const trimmed = text.replace(/\r\n?/gu, '\n').trim();
  if (trimmed === '') return [];
  if (trimmed.length <= limit) return [trimmed];

  const pieces = parseBlocks(trimmed).flatMap((block) => {
    if (block.text.length <= limit) return [block];
    const parts = block.code ? splitCode(block, block.code, limit) : splitProse(block.text, limit);
    return withSep(parts, block.sep);
  });
  return pack(pieces, limit)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '');
}
