// The history follows the channel: an edited message changes its line (and what the model reads next),
// a deleted one goes; files become a note, mentions become names, a reply to a persona's message says
// whom it answers; other bots stay out unless the channel lets them in; a DM gets an explanation.
import { afterEach, expect, it } from 'vitest';
import { DM_REPLY } from '../../../src/discord/gateway-handler.js';
import { english } from '../../support/english.js';
import {
  requestsWith,
  settle,
  startTroupeOnDiscord,
  type TroupeWorld,
} from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const lineOf = async (w: TroupeWorld, messageId: string) =>
  (await w.history()).find((l) => l.messageId === messageId);

it('GIVEN Mia edits her message THEN its line changes and the model reads the new text; deleting it removes the line', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'turns', undefined, { mode: 'manual' }));
  const said = server.userSays({ channelId: channel.id, userId: mia.id, content: 'I like jazz' });
  await waitFor('her line', () => lineOf(world!, said.id));

  server.editMessage(said.id, 'I like metal');
  await waitFor('the edited line', async () => (await lineOf(world!, said.id))?.text === 'I like metal');
  await world.replyTo(world.command(mia, 'nudge', undefined, { persona: 'ling-lu' }));
  await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  expect(requestsWith(world, 'Mia: I like metal')).not.toHaveLength(0);
  expect(requestsWith(world, 'Mia: I like jazz')).toHaveLength(0);

  server.deleteMessage(said.id);
  await waitFor('the line gone', async () => (await lineOf(world!, said.id)) === undefined);
  expect((await world.history()).map((l) => l.kind)).toEqual(['persona']);
});

it('GIVEN mentions, a file and a reply to a persona THEN the line reads as the channel does', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia, noah } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu' }));
  const greeting = await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  await world.replyTo(world.command(mia, 'turns', undefined, { mode: 'manual' }));
  const said = server.userSays({
    channelId: channel.id,
    userId: mia.id,
    content: `<@${noah.id}> look at this, <#${channel.id}>`,
    replyTo: greeting.messageId!,
    attachments: [{ filename: 'demo.mp3', content: 'ID3' }],
  });
  const line = await waitFor('her line', () => lineOf(world!, said.id));
  expect(line).toMatchObject({
    speakerName: 'Mia',
    text: '@Noah look at this, #roleplay [attached: demo.mp3]',
    replyTo: { kind: 'persona', speakerId: 'ling-lu', speakerName: 'Ling Lu' },
  });
});

it('GIVEN another bot talks THEN it is ignored, until the channel lets bots in (then it counts as a bot)', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, guild, mia } = world;
  const other = server.createBot({ username: 'DiceBot' });
  server.addMember(guild.id, other.userId);
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'turns', undefined, { mode: 'manual' }));
  const rest = { headers: { authorization: `Bot ${other.token}`, 'content-type': 'application/json' } };
  const post = (content: string) =>
    fetch(`${server.apiUrl}/v10/channels/${channel.id}/messages`, {
      method: 'POST',
      ...rest,
      body: JSON.stringify({ content }),
    }).then((r) => r.json() as Promise<{ id: string }>);
  await post('rolled a 6');
  await settle(world, 300);
  expect(await world.history()).toEqual([]);

  const allowed = await world.replyTo(world.command(mia, 'channel', undefined, { bots: true }));
  expect(allowed.content).toMatch(/^Other bots' messages are part of the scene/);
  const second = await post('rolled a 2');
  const line = await waitFor('the bot line', () => lineOf(world!, second.id));
  expect(line).toMatchObject({ kind: 'person', speakerName: 'DiceBot', fromBot: true, text: 'rolled a 2' });
});

it('GIVEN a direct message THEN the bot explains it plays in server channels, once', async () => {
  world = await startTroupeOnDiscord();
  const { server, mia } = world;
  const first = server.dm({ userId: mia.id, content: 'hi, can we play here?' });
  const reply = await server.waitForMessage(first.channel_id, (m) => m.author.id === world!.bot.userId, 5000);
  expect(reply.content).toBe(english(DM_REPLY));
  server.dm({ userId: mia.id, content: 'hello?' });
  await settle(world, 300);
  expect(server.messages(first.channel_id).filter((m) => m.author.id === world!.bot.userId)).toHaveLength(1);
});
