// Supplementary information from Discord: the scene note (`/scene set`), a one-time note for the next
// turn only (`/scene once`) and keyword-triggered lore (`/lore add|list|remove`, per channel and per
// server, for every persona or one) reach the model as one system message just before the last
// unanswered person line, the top system message untouched; the channel shows the persona taking it up.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import { shipped } from '../../support/core-harness.js';
import { exchange, sceneChannel } from '../../support/discord-scenes.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld;
let lingLu: Persona;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
  lingLu = (await shipped()).find((p) => p.id === 'ling-lu')!;
});
afterAll(() => world?.close());

const run = (
  channelId: string,
  name: string,
  sub: string,
  options?: Record<string, string | number>,
  user = world.mia,
) => world.replyTo(world.command(user, name, sub, options, channelId));

it('GIVEN a scene note and /scene once "It starts to rain" THEN the next turn carries both in one system message just before the unanswered line, the reply takes it up, and the turn after has the scene note only', async () => {
  const channelId = await sceneChannel(world, 'notes', ['ling-lu']);
  const earlier = await exchange(world, channelId, 'Ling Lu, ready to record?');
  expect(await run(channelId, 'scene', 'set', { note: 'A rehearsal room after midnight.' })).toEqual({
    content: 'Scene: A rehearsal room after midnight.',
    ephemeral: false,
  });
  expect(await run(channelId, 'scene', 'once', { text: 'It starts to rain' })).toEqual({
    content: 'Noted for the next turn only.',
    ephemeral: true,
  });
  expect((await run(channelId, 'scene', 'show')).content).toBe(
    'One-time notes waiting for the next turn: 1.\nScene note:\n>>> A rehearsal room after midnight.',
  );

  const noted = await exchange(world, channelId, 'Ling Lu, are we still recording tonight?');
  const system = buildSystemMessage(lingLu, [lingLu]);
  expect(noted.body).toEqual({
    model: 'qwen-plus-character',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'Mia: Ling Lu, ready to record?' },
      { role: 'assistant', content: `Ling Lu: ${earlier.line.text}` },
      { role: 'system', content: 'A rehearsal room after midnight.\n\nIt starts to rain' },
      { role: 'user', content: 'Mia: Ling Lu, are we still recording tonight?' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ],
    max_tokens: 80,
  });
  expect(noted.post.body).toMatchObject({ username: 'Ling Lu', content: noted.line.text });
  expect(noted.line.text).toContain('It starts to rain.');
  expect((await run(channelId, 'scene', 'show')).content).not.toMatch(/One-time/);

  const after = await exchange(world, channelId, 'Ling Lu, and now?');
  const systems = after.body.messages.filter((m) => m.role === 'system').map((m) => m.content);
  expect(systems).toEqual([system, 'A rehearsal room after midnight.']);
  expect(after.body.messages.slice(-3)).toEqual([
    { role: 'system', content: 'A rehearsal room after midnight.' },
    { role: 'user', content: 'Mia: Ling Lu, and now?' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ]);
  expect(after.line.text).not.toContain('It starts to rain');
});

it('GIVEN /lore add for the channel (Chinese and Latin keys), for the server, and for one persona THEN a line naming a key adds its entry before that line, another persona’s stays out, and /lore remove takes it away', async () => {
  const channelId = await sceneChannel(world, 'lore', ['ling-lu']);
  const rain = await run(channelId, 'lore', 'add', {
    keys: 'rain, 下雨',
    text: 'Rain floods the studio basement every spring.',
  });
  expect(rain.ephemeral).toBe(true);
  const rainId = /^Lore (c\d+) added for this channel: rain, 下雨\.$/.exec(rain.content)?.[1];
  expect(rainId).toBeDefined();
  const festival = await run(channelId, 'lore', 'add', {
    keys: 'festival',
    text: 'Cheng Yi wrote the festival anthem.',
    scope: 'server',
    persona: 'cheng-yi',
  });
  expect(festival.content).toMatch(/^Lore s\d+ added for the server: festival\.$/);
  const hotpot = await run(channelId, 'lore', 'add', {
    keys: '火锅, hotpot',
    text: 'The band eats hotpot after every gig.',
    scope: 'server',
    priority: 5,
  });
  const hotpotId = /^Lore (s\d+) added/.exec(hotpot.content)?.[1];
  const list = await run(channelId, 'lore', 'list');
  expect(list.content).toContain(`${rainId}: rain, 下雨 → Rain floods the studio basement every spring.`);
  expect(list.content).toContain('festival (only cheng-yi) → Cheng Yi wrote the festival anthem.');
  expect(list.content).toContain(
    `${hotpotId}: 火锅, hotpot [priority 5] → The band eats hotpot after every gig.`,
  );

  const first = await exchange(
    world,
    channelId,
    'Ling Lu, the FESTIVAL is Saturday and the rain will not stop.',
  );
  expect(first.body.messages.slice(-3)).toEqual([
    { role: 'system', content: 'Rain floods the studio basement every spring.' },
    { role: 'user', content: 'Mia: Ling Lu, the FESTIVAL is Saturday and the rain will not stop.' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ]);
  expect(first.body.messages[0]).toEqual({ role: 'system', content: buildSystemMessage(lingLu, [lingLu]) });
  expect(first.post.body).toMatchObject({ username: 'Ling Lu', content: first.line.text });

  // Server lore reaches every channel of the server, by a Chinese substring too.
  const other = await sceneChannel(world, 'lore-elsewhere', ['ling-lu']);
  const elsewhere = await exchange(world, other, '凌路，今晚吃火锅吗？');
  expect(elsewhere.body.messages.slice(-3)[0]).toEqual({
    role: 'system',
    content: 'The band eats hotpot after every gig.',
  });

  expect(await run(channelId, 'lore', 'remove', { id: rainId! })).toEqual({
    content: `Lore ${rainId} removed.`,
    ephemeral: true,
  });
  const gone = await exchange(world, channelId, 'Ling Lu, still raining?');
  // The festival line is still among the newest lines, but its entry is Cheng Yi's only.
  expect(gone.body.messages.filter((m) => m.role === 'system')).toHaveLength(1);

  expect(await run(channelId, 'lore', 'list', undefined, world.noah)).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
});
