// Reads the `tEXt` chunks of a PNG: where character cards carry their JSON (`chara`, `ccv3`). Written by
// hand because the format is tiny (length, type, data, CRC) and the image data itself is never needed.

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
