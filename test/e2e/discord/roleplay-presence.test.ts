// Scene presence from Discord: a persona cast mid-scene reads only what was said from its joining (its
// greeting first), unless cast with knows:everything; one removed and cast again misses what was said
// while it was away but keeps what it saw before; muting changes nothing of it; the personas present
// all along read everything. Asserted on the requests the model received.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isChat, sceneChannel, type ChatBody } from '../../support/discord-scenes.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
}, 30_000);
afterAll(() => world.close());

/**
 * Mia says `text` (addressing `persona` by name); resolves with that persona's request carrying it,
 * once the scene has settled.
 */
async function ask(channelId: string, persona: string, text: string): Promise<ChatBody> {
  const requested = world.simulator.waitForRequest((r) => {
    if (!isChat(r)) return false;
    const { messages } = r.body as ChatBody;
    return messages.at(-1)?.content === `${persona}:` && messages.some((m) => m.content === `Mia: ${text}`);
  }, 10_000);
  world.server.userSays({ channelId, userId: world.mia.id, content: text });
  const request = await requested;
  await settle(world);
  return request.body as ChatBody;
}

const cast = (channelId: string, sub: string, options: Record<string, string | boolean>) =>
  world.replyTo(world.command(world.mia, 'cast', sub, options, channelId));

const contents = (body: ChatBody) => body.messages.map((m) => m.content);
const mentions = (body: ChatBody, words: string) => contents(body).some((c) => c.includes(words));

it('GIVEN a scene under way WHEN personas join, leave and come back THEN each reads only what it was there for', async () => {
  const channelId = await sceneChannel(world, 'presence', ['ling-lu', 'cheng-yi']);
  const secret = 'Ling Lu, the key is under the red lantern.';
  expect(mentions(await ask(channelId, 'Ling Lu', secret), 'red lantern')).toBe(true);

  // Tao Le joins mid-scene with her greeting; Ma Hui joins knowing everything.
  expect((await cast(channelId, 'add', { persona: 'tao-le' })).content).toBe('Tao Le joined the scene.');
  expect(
    (await cast(channelId, 'add', { persona: 'ma-hui', greet: false, knows: 'everything' })).content,
  ).toBe('Ma Hui joined the scene, knowing everything said here before.');
  await settle(world);
  const greeting = (await world.history(channelId)).find((l) => l.speakerId === 'tao-le')!;
  expect(greeting.trigger).toBe('greeting');

  const taoLe = await ask(channelId, 'Tao Le', 'Tao Le, where is the key?');
  expect(mentions(taoLe, 'red lantern')).toBe(false);
  // Her greeting is the first line she knows.
  expect(taoLe.messages[1]).toEqual({ role: 'assistant', content: `Tao Le: ${greeting.text}` });

  const maHui = await ask(channelId, 'Ma Hui', 'Ma Hui, where is the key?');
  expect(contents(maHui)).toContain(`Mia: ${secret}`);
  expect(contents(maHui)).toContain(`Tao Le: ${greeting.text}`);

  // Present all along: Ling Lu reads everything, what came before and after the others joined.
  const lingLu = await ask(channelId, 'Ling Lu', 'Ling Lu, do you remember where it is?');
  expect(contents(lingLu)).toContain(`Mia: ${secret}`);
  expect(contents(lingLu)).toContain('Mia: Tao Le, where is the key?');

  // Muted is still in the scene: Cheng Yi, muted, hears the news and reads it when addressed.
  await world.replyTo(world.command(world.mia, 'mute', undefined, { persona: 'cheng-yi' }, channelId));
  await ask(channelId, 'Ling Lu', 'Ling Lu, the boat leaves at dawn.');
  const chengYi = await ask(channelId, 'Cheng Yi', 'Cheng Yi, when does the boat leave?');
  expect(contents(chengYi)).toContain('Mia: Ling Lu, the boat leaves at dawn.');
  expect(contents(chengYi)).toContain(`Mia: ${secret}`);

  // Tao Le leaves; the password is said while she is away; she comes back.
  expect((await cast(channelId, 'remove', { persona: 'tao-le' })).content).toBe('Tao Le left the scene.');
  await ask(channelId, 'Ling Lu', 'Ling Lu, the password is swordfish.');
  await cast(channelId, 'add', { persona: 'tao-le', greet: false });
  const back = await ask(channelId, 'Tao Le', 'Tao Le, what is the password?');
  expect(mentions(back, 'swordfish')).toBe(false);
  expect(mentions(back, 'red lantern')).toBe(false);
  // What she saw during her first stay, she still knows.
  expect(contents(back)).toContain('Mia: Tao Le, where is the key?');
  expect(contents(back)).toContain(`Tao Le: ${greeting.text}`);

  // The director still read the whole history: every line is there.
  expect((await world.history(channelId)).some((l) => l.text.includes('swordfish'))).toBe(true);
}, 60_000);
