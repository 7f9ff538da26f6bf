// The avatar route serves stored persona avatars and nothing else; the image is made square.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AVATAR_SIZE_PX, avatarId, squareAvatar } from '../../../src/avatars/avatar-image.js';
import { avatarHandler } from '../../../src/avatars/avatar-route.js';
import { personaAvatarUrl } from '../../../src/avatars/avatar-store.js';

const request = (rest: string, headers: Record<string, string> = {}) => ({
  method: 'GET',
  path: `/avatars/${rest}`,
  query: new URLSearchParams(),
  headers,
  rest,
});

describe('avatars', () => {
  it('GIVEN a wide picture THEN the avatar is a square PNG of the fixed size, same picture same id', async () => {
    const wide = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const png = await squareAvatar(wide);
    expect(await sharp(png).metadata()).toMatchObject({
      format: 'png',
      width: AVATAR_SIZE_PX,
      height: AVATAR_SIZE_PX,
    });
    expect(avatarId(await squareAvatar(wide))).toBe(avatarId(png));
  });

  it('GIVEN bytes that are no image THEN a plain error', async () => {
    await expect(squareAvatar(new Uint8Array([1, 2, 3]))).rejects.toThrow(/the image cannot be read/);
  });

  it('GIVEN the route THEN a stored id is a cacheable PNG, anything else 404, a matching ETag 304', async () => {
    const id = 'ab'.repeat(16);
    const png = new Uint8Array([137, 80, 78, 71]);
    const handler = avatarHandler({ get: async (asked) => (asked === id ? png : undefined) });
    const ok = await handler(request(`${id}.png`));
    expect(ok).toMatchObject({
      status: 200,
      body: png,
      headers: { 'content-type': 'image/png', 'x-content-type-options': 'nosniff' },
    });
    expect(ok.headers!['cache-control']).toMatch(/immutable/);
    for (const rest of [`${id}.jpg`, `${'cd'.repeat(16)}.png`, '..%2Fhealthz', `${id}.png/x`, ''])
      expect((await handler(request(rest))).status).toBe(404);
    expect((await handler(request(`${id}.png`, { 'if-none-match': `"${id}"` }))).status).toBe(304);
  });

  it('GIVEN a persona THEN its own URL wins, a stored image needs PUBLIC_URL', () => {
    const id = 'ab'.repeat(16);
    expect(
      personaAvatarUrl({ avatarUrl: 'https://x.example/a.png', avatarImage: id }, 'https://t.example'),
    ).toBe('https://x.example/a.png');
    expect(personaAvatarUrl({ avatarImage: id }, 'https://t.example/')).toBe(
      `https://t.example/avatars/${id}.png`,
    );
    expect(personaAvatarUrl({ avatarImage: id }, undefined)).toBeUndefined();
  });
});
