// Character cards from Discord, end to end: /persona import of a PNG card (written for the tests from
// the V2 spec) → the persona is cast → a line naming a lorebook key brings that entry into the model's
// supplementary system message → the webhook post carries an avatar URL at PUBLIC_URL that serves the
// card's picture, resized; /persona export format:card-png → import → the same persona.
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AVATAR_SIZE_PX } from '../../../src/avatars/avatar-image.js';
import { importCharacterCard } from '../../../src/personas/character-card.js';
import { insertPngTextChunks } from '../../../src/personas/png-text-chunks.js';
import { RedisGuildPersonaStore } from '../../../src/store/redis-guild-persona-store.js';
import { exchange, sceneChannel } from '../../support/discord-scenes.js';
import type { InteractionHandle } from '../../support/discord/interactions.js';
import { freePort } from '../../support/private-redis.js';
import { connectRedis } from '../../support/redis.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { v2Card } from '../../unit/personas/card-fixtures.js';
import { cardChunkText } from '../../unit/personas/png-fixture.js';

let world: TroupeWorld;
let publicUrl: string;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  world = await startTroupeOnDiscord({ config: { PUBLIC_URL: publicUrl, HTTP_PORT: String(port) } });
});
afterAll(() => world?.close());

const run = (sub: string, options: Record<string, unknown>, channelId?: string) =>
  world.replyTo(world.command(world.mia, 'persona', sub, options as never, channelId));

async function attachment(filename: string): Promise<Buffer> {
  const file = world.server
    .messages(world.channel.id, { includeEphemeral: true })
    .flatMap((m) => m.attachments)
    .findLast((a) => a.filename === filename);
  return Buffer.from(await (await fetch(file!.url)).arrayBuffer());
}

async function ask(handle: InteractionHandle, id: string, name: string) {
  const response = await world.server.waitForInteractionResponse(handle.id, (r) =>
    String(r.data?.content ?? '').includes('already exists'),
  );
  expect(response.data?.content).toBe(
    `A persona with the id \`${id}\` already exists (**${name}**). Replace it with the imported **${name}**, or keep both?`,
  );
  const ids = JSON.stringify(response.data?.components).match(/persona:import-(?:replace|keep):[0-9a-f-]+/g)!;
  return { messageId: response.messageId!, replace: ids[0]!, keep: ids[1]! };
}
async function click(messageId: string, customId: string): Promise<string> {
  const handle = world.server.clickButton({ messageId, customId, userId: world.mia.id });
  const response = await world.server.waitForInteractionResponse(
    handle.id,
    (r) => typeof r.data?.content === 'string',
  );
  return String(response.data?.content);
}

it('GIVEN a PNG card imported, cast and a lore key said THEN the entry reaches the model before the line, the post has the card picture as avatar, and card-png export imports back the same', async () => {
  const picture = await sharp({
    create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .png()
    .toBuffer();
  const card = Buffer.from(insertPngTextChunks(picture, { chara: cardChunkText(v2Card) }));

  const imported = await run('import', {
    file: { filename: 'mira.png', content: card, contentType: 'image/png' },
  });
  expect(imported.content).toMatch(/^Created \*\*Mira Quell\*\* \(`mira-quell`\)/);
  expect(imported.content).toContain('Lorebook: 6 entries became lore');
  expect(imported.content).toContain("The card's picture is the persona's avatar.");

  const show = await run('show', { persona: 'mira-quell' });
  expect(show.content).toContain('By: test-author · version 1.2');
  expect(show.content).toContain('Tags: fantasy, slow burn');
  expect(show.content).toContain('Creator notes: Best with slow scenes.');

  const channelId = await sceneChannel(world, 'river', ['mira-quell']);
  const said = await exchange(world, channelId, 'Mira Quell, what happened at the old mill?');
  const messages = (said.body as { messages: Array<{ role: string; content: string }> }).messages;
  expect(messages.at(-3)).toEqual({
    role: 'system',
    content: [
      'The river is called the Vell.',
      'The old mill burned down ten winters ago; Mira Quell was there.',
      'Keep Mira Quell terse; never speak for the user.',
      'Mira Quell hides that the lamps are failing.',
    ].join('\n\n'),
  });
  expect(messages.at(-2)).toEqual({
    role: 'user',
    content: 'Mia: Mira Quell, what happened at the old mill?',
  });
  expect(messages[0]!.content).toContain('Examples of how Mira Quell speaks');
  expect(messages[0]!.content).toContain('Write Mira Quell in the third person.');

  const avatarUrl = (said.post.body as { avatar_url?: string }).avatar_url;
  expect(avatarUrl).toMatch(new RegExp(`^${publicUrl}/avatars/[a-f0-9]{32}\\.png$`));
  const served = await fetch(avatarUrl!);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(served.headers.get('cache-control')).toMatch(/max-age=\d+, immutable/);
  const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
  expect([meta.width, meta.height]).toEqual([AVATAR_SIZE_PX, AVATAR_SIZE_PX]);
  expect((await fetch(`${publicUrl}/avatars/..%2Fhealthz`)).status).toBe(404);
  expect((await fetch(`${publicUrl}/avatars/${'0'.repeat(32)}.png`)).status).toBe(404);

  const redis = connectRedis();
  const store = new RedisGuildPersonaStore(redis, world.keys);
  const before = await store.get(world.guild.id, 'mira-quell');
  await run('export', { persona: 'mira-quell', format: 'card-png' });
  const exported = await attachment('mira-quell.png');
  expect(importCharacterCard(exported, { source: 'mira-quell.png' }).persona).toEqual(before);
  const again = await ask(
    world.command(world.mia, 'persona', 'import', {
      file: { filename: 'mira-quell.png', content: exported, contentType: 'image/png' },
    } as never),
    'mira-quell',
    'Mira Quell',
  );
  expect(await click(again.messageId, again.replace)).toMatch(/^Saved \*\*Mira Quell\*\*/);
  expect(await store.get(world.guild.id, 'mira-quell')).toEqual(before);
  await redis.quit();
});

it('GIVEN a card whose id is taken THEN the import asks with buttons: Keep both adds a numbered copy, Replace replaces, and the buttons go away once used', async () => {
  const card = { ...v2Card, data: { ...v2Card.data, name: 'Twice Told' } };
  const importCard = () =>
    world.command(world.mia, 'persona', 'import', {
      file: { filename: 'twice.json', content: JSON.stringify(card), contentType: 'application/json' },
    } as never);
  expect((await world.replyTo(importCard())).content).toMatch(/^Created \*\*Twice Told\*\* \(`twice-told`\)/);

  const first = await ask(importCard(), 'twice-told', 'Twice Told');
  expect(await click(first.messageId, first.keep)).toMatch(
    /^Created \*\*Twice Told \(2\)\*\* \(`twice-told-2`\)/,
  );
  const second = await ask(importCard(), 'twice-told', 'Twice Told');
  expect(await click(second.messageId, second.replace)).toMatch(/^Saved \*\*Twice Told\*\* \(`twice-told`\)/);
  const list = await world.replyTo(world.command(world.mia, 'persona', 'list'));
  expect(list.content.match(/\*\*Twice Told(?: \(2\))?\*\*/g)).toEqual([
    '**Twice Told**',
    '**Twice Told (2)**',
  ]);
});

it('GIVEN /persona edit avatar: with a picture THEN it is the avatar, served square at PUBLIC_URL; a file that is no picture is refused by name', async () => {
  const picture = await sharp({
    create: { width: 90, height: 160, channels: 3, background: { r: 20, g: 120, b: 60 } },
  })
    .jpeg()
    .toBuffer();
  const edited = await run('edit', {
    persona: 'ling-lu',
    avatar: { filename: 'ling.jpg', content: picture, contentType: 'image/jpeg' },
  });
  expect(edited.content).toMatch(/^Saved \*\*Ling Lu\*\* \(`ling-lu`\).* New avatar stored\.$/s);
  const channelId = await sceneChannel(world, 'avatar', ['ling-lu']);
  const said = await exchange(world, channelId, 'Ling Lu, new look?');
  const avatarUrl = (said.post.body as { avatar_url?: string }).avatar_url!;
  expect(avatarUrl).toMatch(new RegExp(`^${publicUrl}/avatars/[a-f0-9]{32}\\.png$`));
  const meta = await sharp(Buffer.from(await (await fetch(avatarUrl)).arrayBuffer())).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', AVATAR_SIZE_PX, AVATAR_SIZE_PX]);

  const bad = await run('edit', {
    persona: 'ling-lu',
    avatar: { filename: 'notes.txt', content: 'not a picture', contentType: 'text/plain' },
  });
  expect(bad.content).toMatch(/^`notes\.txt`: the image cannot be read/);
});
