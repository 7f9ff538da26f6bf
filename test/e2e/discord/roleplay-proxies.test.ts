// Tupperbox and PluralKit on a role-play server: a person's tagged line is reposted by the proxy's
// webhook as their character and the original deleted (in either order); Troupe hears the character,
// answers it once, never the vanished original, and treats characters as people (no /channel bots, no
// loop cap). The proxy acts over REST against the Discord-compatible server as the real one does.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Line } from '../../../src/core/line.js';
import { isChat, sceneChannel, type ChatBody } from '../../support/discord-scenes.js';
import type { WebhookExecution } from '../../support/discord/index.js';
import { FakeProxyBot, PLURALKIT, TUPPERBOX } from '../../support/proxy-bot.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld;
let tupperbox: FakeProxyBot;
let pluralkit: FakeProxyBot;

beforeAll(async () => {
  world = await startTroupeOnDiscord();
  tupperbox = FakeProxyBot.join(world.server, world.guild.id, TUPPERBOX);
  pluralkit = FakeProxyBot.join(world.server, world.guild.id, PLURALKIT);
}, 30_000);
afterAll(() => world.close());

/** Troupe's own webhook posts in a channel (not the proxies'), oldest first. */
const personaPosts = (channelId: string): WebhookExecution[] =>
  world.server.webhookExecutions.filter(
    (e) =>
      e.channelId === channelId &&
      e.status === 200 &&
      world.server.state.webhooks.get(e.webhookId)?.applicationId === world.bot.applicationId,
  );

const chatBodies = () => world.simulator.requests.filter(isChat).map((r) => r.body as ChatBody);

/** Every model request whose messages contain `text` anywhere. */
const requestsMentioning = (text: string) =>
  chatBodies().filter((body) => body.messages.some((m) => m.content.includes(text)));

async function replies(channelId: string, count: number): Promise<WebhookExecution[]> {
  return waitFor(
    `${count} persona replies`,
    () => {
      const posts = personaPosts(channelId);
      return posts.length >= count ? posts : undefined;
    },
    10_000,
  );
}

const personLines = async (channelId: string): Promise<Line[]> =>
  (await world.history(channelId)).filter((l) => l.kind === 'person');

it.each(['send-then-delete', 'delete-then-send'] as const)(
  'GIVEN a Tupperbox tagged line (%s) THEN one reply answers the character and the original leaves no trace',
  async (order) => {
    const channelId = await sceneChannel(world, `tupper-${order}`, ['ling-lu']);
    const original = world.server.userSays({
      channelId,
      userId: world.mia.id,
      content: 'k:The storm is coming',
    });
    await tupperbox.proxy(original, { name: 'Kara', content: 'The storm is coming' }, order);

    const [reply] = await replies(channelId, 1);
    await settle(world, 500);
    expect(personaPosts(channelId)).toHaveLength(1);
    const request = chatBodies().find((b) =>
      b.messages.some((m) => m.content === 'Kara: The storm is coming'),
    );
    expect(request?.messages.find((m) => m.content === 'Kara: The storm is coming')?.role).toBe('user');
    expect(requestsMentioning('k:The storm')).toHaveLength(0);
    const lines = await personLines(channelId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      speakerName: 'Kara',
      speakerId: `proxy:${TUPPERBOX.id}:kara`,
      playerId: world.mia.id,
      text: 'The storm is coming',
    });
    expect(lines[0]?.fromBot).toBeUndefined();
    expect(reply?.body.username).toBe('Ling Lu');
  },
);

it('GIVEN five proxied lines in a row THEN each is answered (characters are people: no loop cap, no /channel bots)', async () => {
  const channelId = await sceneChannel(world, 'five-in-a-row', ['ling-lu']);
  for (let i = 1; i <= 5; i++) {
    const original = world.server.userSays({
      channelId,
      userId: world.noah.id,
      content: `[line ${i} of the tale]`,
    });
    await pluralkit.proxy(original, { name: 'Vex | the Wanderers', content: `line ${i} of the tale` });
    await replies(channelId, i);
  }
  await settle(world, 400);
  expect(personaPosts(channelId)).toHaveLength(5);
  const lines = await personLines(channelId);
  expect(lines.map((l) => l.speakerName)).toEqual(Array(5).fill('Vex | the Wanderers'));
});

it('GIVEN a proxied line edited and then deleted through the webhook THEN the next prompt reads the edit, and the deletion removes it', async () => {
  const channelId = await sceneChannel(world, 'proxy-edits', ['ling-lu']);
  await world.replyTo(world.command(world.mia, 'turns', undefined, { mode: 'manual' }, channelId));
  const original = world.server.userSays({ channelId, userId: world.mia.id, content: 'k:I hate the sea' });
  const copy = await tupperbox.proxy(original, { name: 'Kara', content: 'I hate the sea' });
  await waitFor('the character line', async () => (await personLines(channelId)).length === 1);

  await tupperbox.edit(channelId, copy.id, 'I love the sea');
  await waitFor('the edit', async () => (await personLines(channelId))[0]?.text === 'I love the sea');
  await world.replyTo(world.command(world.mia, 'nudge', undefined, { persona: 'ling-lu' }, channelId));
  await replies(channelId, 1);
  expect(requestsMentioning('Kara: I love the sea')).not.toHaveLength(0);
  expect(requestsMentioning('Kara: I hate the sea')).toHaveLength(0);

  await tupperbox.remove(channelId, copy.id);
  await waitFor('the line gone', async () => (await personLines(channelId)).length === 0);
});

it('GIVEN the proxy is down (never deletes) THEN the person line stands and is answered once', async () => {
  const channelId = await sceneChannel(world, 'proxy-down', ['ling-lu']);
  const said = world.server.userSays({ channelId, userId: world.mia.id, content: 'k:anyone here?' });
  await replies(channelId, 1);
  await settle(world, 500);
  expect(personaPosts(channelId)).toHaveLength(1);
  const lines = await personLines(channelId);
  expect(lines).toMatchObject([
    { speakerName: 'Mia', speakerId: world.mia.id, text: 'k:anyone here?', messageId: said.id },
  ]);
});

it('GIVEN a proxy message with only an attachment THEN the character line is the file note', async () => {
  const channelId = await sceneChannel(world, 'proxy-file', ['ling-lu']);
  const original = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: 'k:',
    attachments: [{ filename: 'map.png', content: 'PNG' }],
  });
  await tupperbox.proxy(original, {
    name: 'Kara',
    content: '',
    files: [{ filename: 'map.png', content: 'PNG' }],
  });
  await replies(channelId, 1);
  await settle(world, 400);
  const lines = await personLines(channelId);
  expect(lines).toMatchObject([{ speakerName: 'Kara', text: '[attached: map.png]', playerId: world.mia.id }]);
  expect(personaPosts(channelId)).toHaveLength(1);
});

it("GIVEN characters named like a persona, with emoji, or with 'discord' THEN they stay people (the last one Discord refuses, so the person's own line stands)", async () => {
  const channelId = await sceneChannel(world, 'proxy-names', ['ling-lu', 'cheng-yi']);
  await world.replyTo(world.command(world.mia, 'turns', undefined, { mode: 'manual' }, channelId));
  const impostor = world.server.userSays({ channelId, userId: world.noah.id, content: 'k:I quit the band' });
  await tupperbox.proxy(impostor, { name: 'Ling Lu', content: 'I quit the band' });
  const flowery = world.server.userSays({ channelId, userId: world.mia.id, content: 'k:hello 🌸' });
  await tupperbox.proxy(flowery, { name: '🌸 Kara 🌸', content: 'hello 🌸' });
  const refused = world.server.userSays({ channelId, userId: world.mia.id, content: 'k:I am the bot' });
  await expect(tupperbox.proxy(refused, { name: 'Discord Bot', content: 'I am the bot' })).rejects.toThrow(
    /400/,
  );

  const lines = await waitFor(
    'three person lines',
    async () => {
      const found = await personLines(channelId);
      return found.length === 3 ? found : undefined;
    },
    5000,
  );
  expect(lines.map((l) => [l.speakerName, l.text])).toEqual([
    ['Ling Lu', 'I quit the band'],
    ['🌸 Kara 🌸', 'hello 🌸'],
    ['Mia', 'k:I am the bot'],
  ]);
  await world.replyTo(world.command(world.mia, 'nudge', undefined, { persona: 'ling-lu' }, channelId));
  await replies(channelId, 1);
  const request = requestsMentioning('I quit the band').at(-1)!;
  const impostorLine = request.messages.find((m) => m.content.endsWith('I quit the band'));
  expect(impostorLine?.role).toBe('user');
});

it('GIVEN two characters of one person talking in a row THEN both are people lines and the persona answers when addressed', async () => {
  const channelId = await sceneChannel(world, 'two-characters', ['ling-lu', 'cheng-yi']);
  const first = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: 'k:Vex, do you hear the drums?',
  });
  await tupperbox.proxy(first, { name: 'Kara', content: 'Vex, do you hear the drums?' });
  const second = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: 'v:I do. Cheng Yi, is that you playing?',
  });
  await tupperbox.proxy(second, { name: 'Vex', content: 'I do. Cheng Yi, is that you playing?' });
  const posts = await replies(channelId, 1);
  await settle(world, 500);
  const lines = await personLines(channelId);
  expect(lines.map((l) => [l.speakerName, l.playerId])).toEqual([
    ['Kara', world.mia.id],
    ['Vex', world.mia.id],
  ]);
  expect(posts.at(-1)?.body.username).toBe('Cheng Yi');
});

it("GIVEN another application's webhook that is no proxy THEN it stays out, as other bots do", async () => {
  const channelId = await sceneChannel(world, 'other-webhook', ['ling-lu']);
  const other = FakeProxyBot.join(world.server, world.guild.id, {
    id: '123456789012345678',
    username: 'RSS',
  });
  await other.send(channelId, { name: 'News', content: 'Breaking: drums' });
  await settle(world, 400);
  expect(await world.history(channelId)).toEqual([]);
});
