// Diverse responses (the API's `n`) from Discord: /alternatives asks the model again for the last persona
// message with the request it was generated with plus `n` and a new seed, shows the versions only to
// the caller with a button each (and Regenerate); a click edits the posted webhook message in place and
// replaces the history line; buttons of an older panel are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { text } from '../../../src/core/text.js';
import { STALE_REGENERATE } from '../../../src/discord/regenerate-if-still-last.js';
import { english } from '../../support/english.js';
import { shipped } from '../../support/core-harness.js';
import {
  click,
  exchange,
  isChat,
  panelOf,
  sceneChannel,
  SESSION_HEADER,
  shownMessage,
  webhookEdits,
  type ChatBody,
} from '../../support/discord-scenes.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

/** What a member reads where only admins may retake (the default). */
const ADMINS_ONLY = english(text('retake.adminsOnly'));
let world: TroupeWorld;
let lingLu: Persona;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
  lingLu = (await shipped()).find((p) => p.id === 'ling-lu')!;
});
afterAll(() => world?.close());

type Completion = { choices: Array<{ message: { content: string } }> };
const choicesOf = (body: unknown) => (body as Completion).choices.map((c) => c.message.content.trim());

/** The last model request: the one whose answer was used (a retake that said nothing new is asked again). */
const lastChat = () => world.simulator.requests.filter(isChat).at(-1)!;

/** Runs /alternatives in the channel; resolves with the model request it caused and the panel shown. */
async function offer(channelId: string, count: number) {
  const handle = world.command(world.mia, 'alternatives', undefined, { count }, channelId);
  const panel = await panelOf(world, handle);
  return { request: lastChat(), panel };
}

it("GIVEN Ling Lu's posted reply WHEN Mia runs /alternatives count:3 THEN the model gets the same request with n 3 and a new seed, and only she sees the versions, with buttons", async () => {
  const channelId = await sceneChannel(world, 'alt-offer', ['ling-lu']);
  const first = await exchange(world, channelId, 'Ling Lu, what do you think of the new demo?');
  expect(first.body).toEqual({
    model: 'qwen-plus-character',
    messages: [
      { role: 'system', content: buildSystemMessage(lingLu, [lingLu]) },
      { role: 'user', content: 'Mia: Ling Lu, what do you think of the new demo?' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ],
    max_tokens: 80,
  });
  expect(first.post.body).toMatchObject({ username: 'Ling Lu', content: first.line.text });

  const { request, panel } = await offer(channelId, 3);
  const seed = (request.body as ChatBody).seed;
  expect(request.body).toEqual({ ...first.body, n: 3, seed: expect.any(Number) });
  expect(request.headers[SESSION_HEADER]).toBe(first.request.headers[SESSION_HEADER]);
  expect(request.headers[SESSION_HEADER]).toMatch(/\S/);
  expect(seed).not.toBe(first.body.seed);

  // Three distinct versions came back; one that repeats the posted reply (a fresh seed can still land on
  // it) is not offered, so Mia sees two or three.
  const answered = choicesOf(request.response!.body);
  expect(new Set(answered).size).toBe(3);
  const texts = answered.filter((text) => text !== first.line.text);
  expect(texts.length).toBeGreaterThanOrEqual(2);
  expect(panel.ephemeral).toBe(true);
  expect(panel.content).toBe(
    [
      "Versions of Ling Lu's last message; pick one to put it in place:",
      ...texts.map((t, i) => `**${i + 1}.** ${t}`),
    ].join('\n'),
  );
  const setId = /^alternatives:pick:(\w+):1$/.exec(panel.buttons[0]!.custom_id)?.[1];
  expect(panel.buttons).toEqual([
    ...texts.map((_, i) => ({ custom_id: `alternatives:pick:${setId}:${i + 1}`, label: `Use ${i + 1}` })),
    { custom_id: `alternatives:regenerate:${first.post.messageId}`, label: 'Regenerate' },
  ]);
  // Nothing changed in the channel yet: the versions are the caller's to see.
  expect(shownMessage(world, channelId, first.post.messageId!)?.content).toBe(first.line.text);
  expect(world.server.messages(channelId).filter((m) => m.content.includes(texts[0]!))).toEqual([]);

  const picked = await click(world, panel, `alternatives:pick:${setId}:2`);
  expect(picked).toEqual({ content: "Ling Lu's message now reads alternative 2.", components: [] });
  expect(webhookEdits(world, first.post.messageId).map((r) => r.body)).toEqual([
    { content: texts[1], allowed_mentions: { parse: [] } },
  ]);
  const shown = shownMessage(world, channelId, first.post.messageId!)!;
  expect({ username: shown.author.username, content: shown.content }).toEqual({
    username: 'Ling Lu',
    content: texts[1],
  });
  const history = await world.history(channelId);
  expect(history.at(-1)).toMatchObject({
    kind: 'persona',
    speakerId: 'ling-lu',
    text: texts[1],
    messageId: first.post.messageId,
  });

  // The next turn reads what the channel shows.
  const next = await exchange(world, channelId, 'Ling Lu, say more?');
  expect(next.body.messages.slice(1, 3)).toEqual([
    { role: 'user', content: 'Mia: Ling Lu, what do you think of the new demo?' },
    { role: 'assistant', content: `Ling Lu: ${texts[1]}` },
  ]);
});

it('GIVEN two panels WHEN a button of the older one is clicked THEN it is refused and nothing is edited; the newer panel’s Regenerate asks with a new seed and replaces the message in place', async () => {
  const channelId = await sceneChannel(world, 'alt-stale', ['ling-lu']);
  const first = await exchange(world, channelId, 'Ling Lu, hum the chorus.');
  const older = await offer(channelId, 2);
  const newer = await offer(channelId, 2);
  const olderPick = older.panel.buttons[0]!.custom_id;
  expect(olderPick).not.toBe(newer.panel.buttons[0]!.custom_id);

  expect(await click(world, older.panel, olderPick)).toEqual({
    content: 'Those alternatives were replaced by newer ones.',
    components: [],
  });
  expect(webhookEdits(world, first.post.messageId)).toEqual([]);

  const regenerated = await click(world, newer.panel, newer.panel.buttons.at(-1)!.custom_id);
  const request = lastChat();
  expect(regenerated).toEqual({ content: "Ling Lu's message was regenerated.", components: [] });
  const seed = (request.body as ChatBody).seed;
  expect(request.body).toEqual({ ...first.body, seed: expect.any(Number) });
  expect(request.headers[SESSION_HEADER]).toBe(first.request.headers[SESSION_HEADER]);
  expect([(older.request.body as ChatBody).seed, (newer.request.body as ChatBody).seed]).not.toContain(seed);
  const [text] = choicesOf(request.response!.body);
  expect(webhookEdits(world, first.post.messageId).map((r) => r.body)).toEqual([
    { content: text, allowed_mentions: { parse: [] } },
  ]);
  expect(shownMessage(world, channelId, first.post.messageId!)?.content).toBe(text);
  expect((await world.history(channelId)).at(-1)).toMatchObject({ text, messageId: first.post.messageId });
});

it('GIVEN a panel WHEN Ling Lu has spoken again since THEN its Regenerate is refused; and Noah may not ask for alternatives', async () => {
  const channelId = await sceneChannel(world, 'alt-newer', ['ling-lu']);
  const first = await exchange(world, channelId, 'Ling Lu, which take was best?');
  const { panel } = await offer(channelId, 1);
  expect(panel.buttons.map((b) => b.label)).toEqual(['Use 1', 'Regenerate']);
  const second = await exchange(world, channelId, 'Ling Lu, and the drums?');

  const requests = world.simulator.requests.length;
  expect(await click(world, panel, `alternatives:regenerate:${first.post.messageId}`)).toEqual({
    content: english(STALE_REGENERATE),
    components: [],
  });
  expect(world.simulator.requests).toHaveLength(requests);
  expect(webhookEdits(world, second.post.messageId)).toEqual([]);

  const refused = await world.replyTo(
    world.command(world.noah, 'alternatives', undefined, { count: 2 }, channelId),
  );
  expect(refused).toEqual({ content: ADMINS_ONLY, ephemeral: true });
  expect(world.simulator.requests).toHaveLength(requests);
});
