// A persona with a bot token of its own: it logs in as its own Discord bot inside the same process,
// greets and answers as itself (not through the webhook), can be @-mentioned natively, and the rest
// of the cast still speaks through the webhook in the same scene.
import { afterEach, expect, it } from 'vitest';
import { requestsWith, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('GIVEN Ling Lu has his own bot token THEN he greets and answers as himself, and an @-mention of his bot addresses him', async () => {
  world = await startTroupeOnDiscord({ personaBots: [{ personaId: 'ling-lu', username: 'Ling Lu' }] });
  const { server, channel, mia } = world;
  const lingBot = world.personaBots['ling-lu']!;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'cheng-yi', greet: false }));
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu' }));
  const greeting = await server.waitForMessage(channel.id, (m) => m.author.id === lingBot.userId, 5000);
  expect(greeting.webhook_id).toBeUndefined();
  expect(greeting.allowed_mentions).toEqual({ parse: [] });
  expect(server.webhookExecutions).toHaveLength(0);

  // Mia addresses him only through the native mention (no name in the text).
  server.userSays({
    channelId: channel.id,
    userId: mia.id,
    content: 'how is the demo?',
    mentions: [lingBot.userId],
  });
  const reply = await server.waitForMessage(
    channel.id,
    (m) => m.author.id === lingBot.userId && m.id !== greeting.id,
    5000,
  );
  expect(reply.author.username).toBe('Ling Lu');
  const history = await waitFor('the reply in history', async () => {
    const lines = await world!.history();
    return lines.length === 3 && lines;
  });
  expect(history[1]).toMatchObject({
    kind: 'person',
    text: '@Ling Lu how is the demo?',
    mentions: ['ling-lu'],
  });
  expect(history[2]).toMatchObject({ kind: 'persona', speakerId: 'ling-lu', messageId: reply.id });
  expect(requestsWith(world, 'Mia: @Ling Lu how is the demo?')).not.toHaveLength(0);
  // His own messages came back over the main bot's gateway and were not read as anyone's line.
  expect(history.filter((l) => l.kind === 'person')).toHaveLength(1);

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Cheng Yi, your thoughts?' });
  const cheng = await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  expect(cheng.body.username).toBe('Cheng Yi');
});
