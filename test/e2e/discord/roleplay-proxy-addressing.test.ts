// A proxied character addresses personas as a person does: a Discord reply to a persona's message made
// through Tupperbox or PluralKit (whose copy cannot be a Discord reply: it carries the original's
// reference while held, and PluralKit's reply embed) answers to that persona; an @-mention of a
// persona's own bot in a proxied line addresses it; the player's typing holds a reply to their
// character as it would to them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Line } from '../../../src/core/line.js';
import { isChat, sceneChannel, type ChatBody } from '../../support/discord-scenes.js';
import type { RecordedMessage } from '../../support/discord/state.js';
import { FakeProxyBot, PLURALKIT, TUPPERBOX } from '../../support/proxy-bot.js';
import { connectRedis } from '../../support/redis.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

/** How long Mia counts as typing after her client says so (Discord's indicator), ms. */
const TYPING_HOLD_MS = 10_000;

let world: TroupeWorld;
let tupperbox: FakeProxyBot;
let pluralkit: FakeProxyBot;

beforeAll(async () => {
  world = await startTroupeOnDiscord({
    personaBots: [{ personaId: 'cheng-yi', username: 'Cheng Yi' }],
    core: { personTypingHoldMs: TYPING_HOLD_MS },
  });
  tupperbox = FakeProxyBot.join(world.server, world.guild.id, TUPPERBOX);
  pluralkit = FakeProxyBot.join(world.server, world.guild.id, PLURALKIT);
}, 30_000);
afterAll(() => world.close());

const redis = connectRedis();
afterAll(() => redis.quit());

/** What personas posted in the channel (webhook or own bot), oldest first. */
const personaMessages = (channelId: string): RecordedMessage[] =>
  world.server
    .messages(channelId)
    .filter(
      (m) =>
        (m.webhook_id !== undefined && m.application_id === world.bot.applicationId) ||
        m.author.id === world.personaBots['cheng-yi']!.userId,
    );

const posted = (channelId: string, count: number, timeoutMs = 10_000) =>
  waitFor(
    `${count} persona messages`,
    () => {
      const found = personaMessages(channelId);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
  );

/**
 * The character's line once it is whole: the proxy's copy and the person's original may be handled in
 * either order, and an original handled second completes the copy's line (its player, whom it answers).
 */
const characterLine = (channelId: string, name: string, whole = true): Promise<Line> =>
  waitFor(
    `${name}'s line`,
    async () =>
      (await world.history(channelId)).find(
        (l) => l.speakerName === name && (!whole || l.playerId !== undefined),
      ),
    5_000,
  );

/** Ling Lu's answer to Mia, then Cheng Yi's word after it: the persona message a player replies to is not the last. */
async function sceneWithLingLuEarlier(name: string): Promise<{ channelId: string; lingLu: RecordedMessage }> {
  const channelId = await sceneChannel(world, name, ['ling-lu', 'cheng-yi']);
  await world.replyTo(world.command(world.mia, 'turns', undefined, { mode: 'manual' }, channelId));
  world.server.userSays({ channelId, userId: world.mia.id, content: 'Ling Lu, tell us about the storm' });
  await world.replyTo(world.command(world.mia, 'nudge', undefined, { persona: 'ling-lu' }, channelId));
  const [lingLu] = await posted(channelId, 1);
  await world.replyTo(world.command(world.mia, 'nudge', undefined, { persona: 'cheng-yi' }, channelId));
  await posted(channelId, 2);
  await settle(world);
  await world.replyTo(world.command(world.mia, 'turns', undefined, { mode: 'natural' }, channelId));
  return { channelId, lingLu: lingLu! };
}

it("GIVEN Kara's Tupperbox line replying to Ling Lu's message THEN it answers to Ling Lu, and Ling Lu replies", async () => {
  const { channelId, lingLu } = await sceneWithLingLuEarlier('proxy-reply');
  const original = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: 'k:and then what happened?',
    replyTo: lingLu.id,
  });
  await tupperbox.proxy(original, { name: 'Kara', content: 'and then what happened?' });

  const line = await characterLine(channelId, 'Kara');
  expect(line.replyTo).toEqual({ kind: 'persona', speakerId: 'ling-lu', speakerName: 'Ling Lu' });
  const [, , answer] = await posted(channelId, 3);
  expect(answer?.author.username).toBe('Ling Lu');
});

it('GIVEN a slow PluralKit (the original gone before its copy) THEN the reply embed still names the persona replied to', async () => {
  const { channelId, lingLu } = await sceneWithLingLuEarlier('proxy-reply-embed');
  const original = world.server.userSays({
    channelId,
    userId: world.noah.id,
    content: '[and the boat?]',
    replyTo: lingLu.id,
  });
  await pluralkit.deleteOriginal(original);
  // Longer than Troupe holds a person's message for a proxy: the original is forgotten by now.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const copy = await pluralkit.send(channelId, { name: 'Vex', content: 'and the boat?', replyTo: lingLu });
  expect(world.server.messages(channelId).find((m) => m.id === copy.id)?.embeds[0]?.description).toMatch(
    /^\*\*\[Reply to:\]\(https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\)\*\* /,
  );

  // Its original is long gone: nothing names the person behind Vex.
  const line = await characterLine(channelId, 'Vex', false);
  expect(line.replyTo).toEqual({ kind: 'persona', speakerId: 'ling-lu', speakerName: 'Ling Lu' });
  expect(line.text).toBe('and the boat?');
  const [, , answer] = await posted(channelId, 3);
  expect(answer?.author.username).toBe('Ling Lu');
});

it("GIVEN Kara @-mentions Cheng Yi's own bot through Tupperbox THEN the line mentions him and he answers", async () => {
  const channelId = await sceneChannel(world, 'proxy-mention', ['ling-lu', 'cheng-yi']);
  const chengBot = world.personaBots['cheng-yi']!;
  const original = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: `k:<@${chengBot.userId}> are you awake?`,
  });
  await tupperbox.proxy(original, { name: 'Kara', content: `<@${chengBot.userId}> are you awake?` });

  const line = await characterLine(channelId, 'Kara');
  expect(line).toMatchObject({
    text: '@Cheng Yi are you awake?',
    mentions: ['cheng-yi'],
    playerId: world.mia.id,
  });
  const [answer] = await posted(channelId, 1);
  expect(answer?.author.id).toBe(chengBot.userId);
});

it("GIVEN Mia types on after her character's line THEN the reply to Kara waits for her, and when her next line comes one reply sees both", async () => {
  const channelId = await sceneChannel(world, 'proxy-typing', ['ling-lu']);
  const first = world.server.userSays({ channelId, userId: world.mia.id, content: 'k:Ling Lu, guess what' });
  world.server.userTyping({ channelId, userId: world.mia.id });
  const typedAt = world.server.typingEvents.at(-1)!.atMs;
  await tupperbox.proxy(first, { name: 'Kara', content: 'Ling Lu, guess what' });
  await characterLine(channelId, 'Kara');

  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(personaMessages(channelId)).toHaveLength(0);
  const second = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: 'k:we got the main stage!',
  });
  await tupperbox.proxy(second, { name: 'Kara', content: 'we got the main stage!' });

  const [reply] = await posted(channelId, 1, TYPING_HOLD_MS + 5_000);
  expect(reply?.author.username).toBe('Ling Lu');
  // Her line ended her typing: the reply did not wait for it to run out.
  expect(Date.parse(reply!.timestamp)).toBeLessThan(typedAt + TYPING_HOLD_MS);
  await settle(world, 500);
  expect(personaMessages(channelId)).toHaveLength(1);
  const asked = world.simulator.requests
    .filter(isChat)
    .map((r) => (r.body as ChatBody).messages.map((m) => m.content))
    .filter((contents) => contents.includes('Kara: Ling Lu, guess what'));
  expect(asked).toHaveLength(1);
  expect(asked[0]).toContain('Kara: we got the main stage!');
}, 30_000);

it("GIVEN Tupperbox acts once Mia's message is held (as a real proxy does, within a second) and she types on THEN the reply to Kara still waits for her", async () => {
  const channelId = await sceneChannel(world, 'proxy-typing-held', ['ling-lu']);
  const first = world.server.userSays({ channelId, userId: world.mia.id, content: 'k:Ling Lu, guess what' });
  world.server.userTyping({ channelId, userId: world.mia.id });
  const typedAt = world.server.typingEvents.at(-1)!.atMs;
  // The original is held for the proxy before the copy comes: the copy replaces it from the hold.
  await waitFor('the original held', async () =>
    (await redis.hexists(world.keys.proxyHolds(channelId), `h:${first.id}`)) === 1 ? true : undefined,
  );
  await tupperbox.proxy(first, { name: 'Kara', content: 'Ling Lu, guess what' });
  await characterLine(channelId, 'Kara');

  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(personaMessages(channelId)).toHaveLength(0);
  const second = world.server.userSays({
    channelId,
    userId: world.mia.id,
    content: 'k:we got the main stage!',
  });
  await tupperbox.proxy(second, { name: 'Kara', content: 'we got the main stage!' });

  const [reply] = await posted(channelId, 1, TYPING_HOLD_MS + 5_000);
  expect(reply?.author.username).toBe('Ling Lu');
  expect(Date.parse(reply!.timestamp)).toBeLessThan(typedAt + TYPING_HOLD_MS);
}, 30_000);
