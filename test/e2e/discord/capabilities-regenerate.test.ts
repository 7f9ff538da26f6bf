// Regenerate (the API's `seed`) from Discord: /regenerate asks again for the channel's last persona
// message with the same request and a new seed, then edits the posted webhook message in place and
// replaces its history line, which the next turn's prompt reads.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { text } from '../../../src/core/text.js';
import {
  exchange,
  isChat,
  sceneChannel,
  SESSION_HEADER,
  shownMessage,
  webhookEdits,
  type ChatBody,
} from '../../support/discord-scenes.js';
import { english } from '../../support/english.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

/** What a member reads where only admins may retake (the default). */
const ADMINS_ONLY = english(text('retake.adminsOnly'));
let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
});
afterAll(() => world?.close());

type Completion = { choices: Array<{ message: { content: string } }> };

it("GIVEN Tao Le's posted reply WHEN Mia runs /regenerate THEN the same request goes out with a new seed and the message is edited in place and in history", async () => {
  const channelId = await sceneChannel(world, 'regen', ['tao-le']);
  const first = await exchange(world, channelId, 'Tao Le, play us something on the guzheng');
  expect(first.post.body).toMatchObject({ username: 'Tao Le', content: first.line.text });

  const reply = await world.replyTo(world.command(world.mia, 'regenerate', undefined, undefined, channelId));
  expect(reply).toEqual({ content: "Tao Le's message was regenerated.", ephemeral: true });
  // The request whose answer was used (one that only repeated the posted reply is asked again).
  const request = world.simulator.requests.filter(isChat).at(-1)!;

  const seed = (request.body as ChatBody).seed;
  expect(request.body).toEqual({ ...first.body, seed: expect.any(Number) });
  expect(seed).not.toBe(first.body.seed);
  expect(request.headers[SESSION_HEADER]).toBe(first.request.headers[SESSION_HEADER]);
  const text = (request.response!.body as Completion).choices[0]!.message.content.trim();
  expect(text).not.toBe(first.line.text);

  expect(webhookEdits(world, first.post.messageId).map((r) => r.body)).toEqual([
    { content: text, allowed_mentions: { parse: [] } },
  ]);
  const shown = shownMessage(world, channelId, first.post.messageId!)!;
  expect({
    username: shown.author.username,
    content: shown.content,
    edited: shown.edited_timestamp !== null,
  }).toEqual({ username: 'Tao Le', content: text, edited: true });
  expect(world.server.messages(channelId).filter((m) => m.webhook_id !== undefined)).toHaveLength(1);
  expect((await world.history(channelId)).at(-1)).toMatchObject({
    kind: 'persona',
    speakerId: 'tao-le',
    text,
    messageId: first.post.messageId,
  });

  const next = await exchange(world, channelId, 'Tao Le, again?');
  expect(next.body.messages).toContainEqual({ role: 'assistant', content: `Tao Le: ${text}` });
  expect(next.body.messages.map((m) => m.content)).not.toContain(`Tao Le: ${first.line.text}`);
});

it('GIVEN no persona message yet THEN /regenerate says so and asks nothing; Noah may not regenerate', async () => {
  const channelId = await sceneChannel(world, 'regen-empty', ['ling-lu']);
  const requests = world.simulator.requests.length;
  expect(
    await world.replyTo(world.command(world.mia, 'regenerate', undefined, undefined, channelId)),
  ).toEqual({
    content: 'There is no persona message to redo yet.',
    ephemeral: true,
  });
  expect(
    await world.replyTo(world.command(world.noah, 'regenerate', undefined, undefined, channelId)),
  ).toEqual({
    content: ADMINS_ONLY,
    ephemeral: true,
  });
  expect(world.simulator.requests).toHaveLength(requests);
});
