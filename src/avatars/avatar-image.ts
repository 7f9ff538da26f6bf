// Persona avatars as images: any picture people give (a card's PNG, a .charx icon, an upload) made into
// one square PNG of a fixed size, and a plain picture for personas that have none (a card needs one).
// sharp (libvips) does the decoding, so damaged or hostile images fail here, with a plain reason.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { text, type Text } from '../core/text.js';
import { translate } from '../i18n/i18n.js';

/** Side of a stored avatar, px: twice Discord's largest message avatar (128 px on high-DPI screens). */
export const AVATAR_SIZE_PX = 256;

/** Images past this many pixels are refused before decoding (a 20k×20k PNG is a memory bomb). */
export const MAX_AVATAR_INPUT_PIXELS = 40_000_000;

/** A stored avatar's id: the first 32 hex digits of its PNG's SHA-256 (same picture, same id). */
export function avatarId(png: Uint8Array): string {
  return createHash('sha256').update(png).digest('hex').slice(0, 32);
}

/** A picture that cannot be an avatar; `reason` says why, for whoever gave it. */
export class AvatarImageError extends Error {
  override readonly name = 'AvatarImageError';

  constructor(readonly reason: Text) {
    super(translate('en', reason));
  }
}

/**
 * `image` (PNG, JPEG, WebP, GIF: its first frame) cropped to its centre square and resized to
 * `AVATAR_SIZE_PX`, as PNG without metadata (a card's text chunks do not ride along).
 */
export async function squareAvatar(image: Uint8Array): Promise<Uint8Array> {
  try {
    const png = await sharp(image, { limitInputPixels: MAX_AVATAR_INPUT_PIXELS, animated: false })
      .rotate()
      .resize(AVATAR_SIZE_PX, AVATAR_SIZE_PX, { fit: 'cover', position: 'attention' })
      .png({ compressionLevel: 9 })
      .toBuffer();
    return new Uint8Array(png);
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0] ?? '';
    throw new AvatarImageError(text('persona.avatar.unreadable', { detail }));
  }
}

/** A plain square in a colour taken from the name, for a card whose persona has no picture. */
export async function plainAvatar(name: string): Promise<Uint8Array> {
  const hash = createHash('sha256').update(name).digest();
  const png = await sharp({
    create: {
      width: AVATAR_SIZE_PX,
      height: AVATAR_SIZE_PX,
      channels: 3,
      // Mid-tones only, so the colour is neither glaring nor too dark to see in Discord's themes.
      background: { r: 64 + (hash[0]! % 128), g: 64 + (hash[1]! % 128), b: 64 + (hash[2]! % 128) },
    },
  })
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
