// Gets a character card's JSON (and its picture) out of what people upload: a PNG with a `ccv3` or
// `chara` text chunk, a `.charx` zip (V3: `card.json` at the root, assets beside it), or JSON itself.
// Every failure is one sentence a person understands, naming what is wrong with the file.
import { unzipSync } from 'fflate';
import { text, type Text } from '../core/text.js';
import { isPng, readPngTextChunks } from './png-text-chunks.js';

/** Card JSON past this is refused; lorebooks make cards large, but not this large. */
export const MAX_CARD_JSON_BYTES = 2 * 1024 * 1024;

/** A `.charx` may unpack to at most this much in all (a zip bomb unpacks to gigabytes). */
export const MAX_CHARX_UNPACKED_BYTES = 32 * 1024 * 1024;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04] as const;

export interface CardContainer {
  /** The card's JSON text. */
  json: string;
  /** The card's picture: the PNG itself, or the icon asset of a `.charx`. */
  image?: Uint8Array;
  /** Files of a `.charx` by path, to resolve `embeded://` asset URIs. */
  files?: ReadonlyMap<string, Uint8Array>;
}

/** A card that cannot be read, with the reason as a person would put it. */
/** A file that holds no readable card; `reason` says why, for whoever imported it. */
export class CardReadError extends Error {
  override readonly name = 'CardReadError';

  constructor(readonly reason: Text) {
    super(reason.key);
  }
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/** Reads card JSON from PNG, `.charx` or JSON bytes. Throws `CardReadError`. */
export function openCardContainer(bytes: Uint8Array): CardContainer {
  if (isPng(bytes)) return { json: cardJsonFromPng(bytes), image: bytes };
  if (isZip(bytes)) return openCharx(bytes);
  if (bytes.byteLength === 0) throw new CardReadError(text('problems.card.emptyFile'));
  const json = utf8(bytes, NOT_A_CARD_FILE);
  // Not even the start of JSON: a picture in another format, a text file. (JSON that is no card object is
  // refused later, by what it holds.)
  if (!/^\uFEFF?\s*[[{]/u.test(json)) throw new CardReadError(NOT_A_CARD_FILE);
  return { json };
}

const NOT_A_CARD_FILE = text('problems.card.neither');

function cardJsonFromPng(png: Uint8Array): string {
  let chunks;
  try {
    chunks = readPngTextChunks(png);
  } catch {
    throw new CardReadError(text('problems.card.pngDamaged'));
  }
  // V3 says `ccv3` wins over `chara` when both exist; SillyTavern compares keywords case-insensitively.
  const find = (keyword: string) => chunks.find((chunk) => chunk.keyword.toLowerCase() === keyword);
  const chunk = find('ccv3') ?? find('chara');
  if (!chunk) throw new CardReadError(text('problems.card.pngNoCard'));
  const stored = chunk.text.trim();
  // Base64 of UTF-8 JSON per the specs; a few tools store the JSON itself, which is harmless to accept.
  if (stored.startsWith('{')) return checkedJson(utf8(Buffer.from(stored, 'latin1'), DAMAGED_GARBLED));
  if (!/^[A-Za-z0-9+/=\s_-]*$/u.test(stored)) throw new CardReadError(DAMAGED_GARBLED);
  return checkedJson(utf8(Buffer.from(stored, 'base64'), DAMAGED_GARBLED));
}

const DAMAGED_GARBLED = text('problems.card.garbled');

/** JSON that ends early is the usual damage (a truncated download or a cut chunk): say so. */
function checkedJson(json: string): string {
  try {
    JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    if (/end of (JSON )?input|Unterminated|Expected .* after/iu.test(message) || !/[}\]]\s*$/u.test(json)) {
      throw new CardReadError(text('problems.card.cutOff'));
    }
    throw new CardReadError(text('problems.card.notJson'));
  }
  return json;
}

function openCharx(zip: Uint8Array): CardContainer {
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_CHARX_UNPACKED_BYTES) throw new CardReadError(text('problems.card.charxTooBig'));
        return true;
      },
    });
  } catch (error) {
    if (error instanceof CardReadError) throw error;
    throw new CardReadError(text('problems.card.charxDamaged'));
  }
  const byPath = new Map(Object.entries(files).map(([path, bytes]) => [path.replace(/^\.?\//u, ''), bytes]));
  const card = byPath.get('card.json');
  if (!card) throw new CardReadError(text('problems.card.charxNoCard'));
  const json = utf8(card, text('problems.card.charxNotUtf8'));
  return { json, files: byPath };
}

/** The file an `embeded://path` (the spec's spelling) or `embedded://path` asset URI names in a `.charx`. */
export function embeddedAsset(
  files: ReadonlyMap<string, Uint8Array> | undefined,
  uri: string,
): Uint8Array | undefined {
  const path = /^embedd?ed:\/\/(.+)$/iu.exec(uri)?.[1];
  return path === undefined ? undefined : files?.get(path.replace(/^\.?\//u, ''));
}

/** The bytes of a `data:image/…;base64,` URI. */
export function dataUriImage(uri: string): Uint8Array | undefined {
  const match = /^data:image\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=\s]+)$/iu.exec(uri);
  return match ? new Uint8Array(Buffer.from(match[1]!, 'base64')) : undefined;
}

function utf8(bytes: Uint8Array, problem: Text): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    throw new CardReadError(problem);
  }
}
