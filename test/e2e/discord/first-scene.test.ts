// A first scene on Discord, as the people in the channel see it: an admin casts a persona, it greets
// the channel through the webhook with its own name and face, a person says hello and it answers.
import { afterEach, expect, it } from 'vitest';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('GIVEN /cast add ling-lu WHEN Mia says hello THEN Ling Lu greets and answers through the webhook with his name and avatar', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  const add = world.command(mia, 'cast', 'add', { persona: 'ling-lu' });
  expect(await world.replyTo(add)).toEqual({ content: 'Ling Lu joined the scene.', ephemeral: true });
  const greeting = await server.waitForWebhookExecution((e) => e.status === 200);
  expect(greeting.body).toMatchObject({
    username: 'Ling Lu',
    avatar_url: 'https://api.dicebear.com/9.x/notionists/png?seed=ling-lu',
    allowed_mentions: { parse: [] },
  });

  server.userSays({
    channelId: channel.id,
    userId: mia.id,
    content: 'hello everyone, how is the demo going?',
  });
  const reply = await server.waitForMessage(
    channel.id,
    (m) => m.webhook_id !== undefined && m.id !== greeting.messageId,
    5000,
  );
  expect(reply.author.username).toBe('Ling Lu');
  expect(reply.avatar_url).toBe('https://api.dicebear.com/9.x/notionists/png?seed=ling-lu');
  expect(reply.content.length).toBeGreaterThan(0);
  expect(server.webhooks(channel.id)).toHaveLength(1);

  // The reply is stored right after its post.
  const history = await waitFor('the reply in history', async () => {
    const lines = await world!.history();
    return lines.length === 3 && lines;
  });
  expect(history.map((l) => [l.kind, l.speakerName])).toEqual([
    ['persona', 'Ling Lu'],
    ['person', 'Mia'],
    ['persona', 'Ling Lu'],
  ]);
  expect(history[1]).toMatchObject({ speakerId: mia.id, text: 'hello everyone, how is the demo going?' });
});
