// Reads and writes the `tEXt` chunks of a PNG: where character cards carry their JSON (`chara`, `ccv3`).
// Written by hand because the format is tiny (length, type, data, CRC) and the image data itself is
// never needed.
import { crc32 } from 'node:zlib';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Chunk overhead: 4-byte length, 4-byte type, 4-byte CRC. */
const CHUNK_OVERHEAD_BYTES = 12;

export interface PngTextChunk {
  keyword: string;
  text: string;
}

export function isPng(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)
  );
}

/**
 * Every `tEXt` chunk in file order. Throws a plain `Error` on a truncated or malformed PNG; CRCs are not
 * checked, since some card editors write them wrong and the text is validated as JSON afterwards anyway.
 */
export function readPngTextChunks(bytes: Uint8Array): PngTextChunk[] {
  if (!isPng(bytes)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = (part: Uint8Array) =>
    Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('latin1');
  const chunks: PngTextChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset + CHUNK_OVERHEAD_BYTES <= bytes.byteLength) {
    const length = view.getUint32(offset);
    const type = latin1(bytes.subarray(offset + 4, offset + 8));
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.byteLength)
      throw new Error(`PNG chunk "${type}" at byte ${offset} runs past the end`);
    if (type === 'IEND') return chunks;
    if (type === 'tEXt') {
      const data = bytes.subarray(dataStart, dataEnd);
      const separator = data.indexOf(0);
      // The PNG spec makes tEXt Latin-1; card text is base64, which is ASCII either way.
      if (separator > 0) {
        chunks.push({
          keyword: latin1(data.subarray(0, separator)),
          text: latin1(data.subarray(separator + 1)),
        });
      }
    }
    offset = dataEnd + 4;
  }
  throw new Error('PNG ends without an IEND chunk');
}

/**
 * `png` with a `tEXt` chunk per entry (keyword → Latin-1 text) just before `IEND`, where SillyTavern puts
 * them; existing text chunks with those keywords (any case) are removed first.
 */
export function insertPngTextChunks(png: Uint8Array, texts: Readonly<Record<string, string>>): Uint8Array {
  if (!isPng(png)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const replaced = new Set(Object.keys(texts).map((keyword) => keyword.toLowerCase()));
  const kept: Uint8Array[] = [png.subarray(0, PNG_SIGNATURE.length)];
  let offset: number = PNG_SIGNATURE.length;
  let iend: Uint8Array | undefined;
  while (offset + CHUNK_OVERHEAD_BYTES <= png.byteLength) {
    const length = view.getUint32(offset);
    const end = offset + CHUNK_OVERHEAD_BYTES + length;
    if (end > png.byteLength) throw new Error('PNG chunk runs past the end');
    const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString('latin1');
    const whole = png.subarray(offset, end);
    if (type === 'IEND') {
      iend = whole;
      break;
    }
    const data = png.subarray(offset + 8, offset + 8 + length);
    const keyword = Buffer.from(data.subarray(0, Math.max(0, data.indexOf(0)))).toString('latin1');
    if (!(type === 'tEXt' && replaced.has(keyword.toLowerCase()))) kept.push(whole);
    offset = end;
  }
  if (!iend) throw new Error('PNG ends without an IEND chunk');
  const added = Object.entries(texts).map(([keyword, text]) =>
    pngChunk(
      'tEXt',
      Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
    ),
  );
  return new Uint8Array(Buffer.concat([...kept, ...added, iend]));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}
