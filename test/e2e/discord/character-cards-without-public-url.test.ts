// A PNG card imported where Troupe has no PUBLIC_URL: the picture is kept, the import reply says it can't
// be shown yet and what to set, and the persona speaks with the webhook's own avatar (no broken link) until
// the address is set.
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertPngTextChunks } from '../../../src/personas/png-text-chunks.js';
import { RedisGuildPersonaStore } from '../../../src/store/redis-guild-persona-store.js';
import { exchange, sceneChannel } from '../../support/discord-scenes.js';
import { connectRedis } from '../../support/redis.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { v2Card } from '../../unit/personas/card-fixtures.js';
import { cardChunkText } from '../../unit/personas/png-fixture.js';

let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
});
afterAll(() => world?.close());

it('GIVEN no PUBLIC_URL WHEN a PNG card is imported THEN the reply says how to show its picture, the picture is kept, and posts carry no avatar URL', async () => {
  const picture = await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: 20, g: 90, b: 200 } },
  })
    .png()
    .toBuffer();
  const card = Buffer.from(insertPngTextChunks(picture, { chara: cardChunkText(v2Card) }));

  const imported = await world.replyTo(
    world.command(world.mia, 'persona', 'import', {
      file: { filename: 'mira.png', content: card, contentType: 'image/png' },
    } as never),
  );
  expect(imported.content).toMatch(/^Created \*\*Mira Quell\*\*/);
  expect(imported.content).toContain("can't be shown yet");
  expect(imported.content).toContain('`PUBLIC_URL`');
  expect(imported.content).not.toContain("The card's picture is the persona's avatar.");

  const redis = connectRedis();
  const stored = await new RedisGuildPersonaStore(redis, world.keys).get(world.guild.id, 'mira-quell');
  await redis.quit();
  expect(stored?.avatarImage).toMatch(/^[a-f0-9]{32}$/);

  const channelId = await sceneChannel(world, 'river', ['mira-quell']);
  const said = await exchange(world, channelId, 'Mira Quell, are you there?');
  expect(said.post.body).toMatchObject({ username: 'Mira Quell' });
  expect((said.post.body as { avatar_url?: string }).avatar_url).toBeUndefined();
});
