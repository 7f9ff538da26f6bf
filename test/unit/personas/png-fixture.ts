// Builds tiny PNG files for the card tests: a 1×1 image plus any tEXt chunks, with real CRCs, so the
// reader is tested against a file any image viewer would open.
import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

// 1×1 grey pixel, 8-bit greyscale: filter byte 0 then the pixel, deflated.
const IHDR = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
const IDAT = Buffer.from('789c6368000000820081', 'hex');

/** A PNG with one `tEXt` chunk per entry (keyword → text), placed before the image data as tools do. */
export function pngWithText(texts: Record<string, string>): Buffer {
  const textChunks = Object.entries(texts).map(([keyword, text]) =>
    chunk(
      'tEXt',
      Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
    ),
  );
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', IHDR),
    ...textChunks,
    chunk('IDAT', IDAT),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Base64 of UTF-8 JSON: how cards are stored in `chara` and `ccv3` chunks. */
export function cardChunkText(card: unknown): string {
  return Buffer.from(JSON.stringify(card), 'utf8').toString('base64');
}
