// Restricting output (the API's `logit_bias`) from Discord: `/persona actions stage:off` bans stage
// actions with the guide's parenthesis token ids at -100 (a shipped persona gets a server copy), on top of
// any map a persona file sets; `/persona show` lists the logit_bias a persona's requests carry; the
// channel then shows replies without parentheses.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { PARENTHESIS_TOKEN_IDS } from '../../../src/core/turn/chat-request.js';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import { shipped } from '../../support/core-harness.js';
import { exchange, sceneChannel } from '../../support/discord-scenes.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

const VEX_YAML = `name: Captain Vex
profile: You are Captain Vex, a retired sky pirate who runs the tavern. Gruff, fond of tall tales.
logitBias: { '151643': -20 }
`;

/** The guide's parenthesis ids, each at -100. */
const BANNED = Object.fromEntries(PARENTHESIS_TOKEN_IDS.map((id) => [id, -100]));

let world: TroupeWorld;
let lingLu: Persona;
beforeAll(async () => {
  world = await startTroupeOnDiscord({ personaFiles: { 'vex.yaml': VEX_YAML } });
  lingLu = (await shipped()).find((p) => p.id === 'ling-lu')!;
});
afterAll(() => world?.close());

const persona = (sub: string, options: Record<string, string>, user = world.mia) =>
  world.replyTo(world.command(user, 'persona', sub, options));

it('GIVEN /persona actions persona:ling-lu stage:off THEN the server gets its own copy, /persona show lists the logit_bias, the model gets the 13 ids at -100 and the channel no parentheses; stage:on lifts it', async () => {
  expect(await persona('actions', { persona: 'ling-lu', stage: 'off' })).toEqual({
    content:
      'Ling Lu ships with Troupe, so this server now has its own copy, with stage actions banned: no parentheses in its replies. `/persona delete` brings the shipped one back.',
    ephemeral: true,
  });
  const show = await persona('show', { persona: 'ling-lu' });
  expect(show.content).toContain("this server's own");
  expect(show.content).toContain('Stage actions: banned (no parentheses: `/persona actions`)');
  expect(show.content).toContain(`logit_bias: \`${JSON.stringify(BANNED)}\``);

  const channelId = await sceneChannel(world, 'no-actions', ['ling-lu']);
  const banned = await exchange(world, channelId, 'Ling Lu, describe the stage for me.');
  const copy = { ...lingLu, noActions: true };
  expect(banned.body).toEqual({
    model: 'qwen-plus-character',
    messages: [
      { role: 'system', content: buildSystemMessage(copy, [copy]) },
      { role: 'user', content: 'Mia: Ling Lu, describe the stage for me.' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ],
    max_tokens: 80,
    logit_bias: BANNED,
  });
  expect(Object.keys(banned.body.logit_bias as object)).toHaveLength(13);
  expect(banned.post.body).toMatchObject({ username: 'Ling Lu', content: banned.line.text });
  expect(banned.line.text).not.toMatch(/[()（）]/u);

  expect(await persona('actions', { persona: 'ling-lu', stage: 'on' })).toEqual({
    content: "Ling Lu's stage actions are allowed.",
    ephemeral: true,
  });
  expect((await persona('show', { persona: 'ling-lu' })).content).toContain('logit_bias: none');
  const allowed = await exchange(world, channelId, 'Ling Lu, and now?');
  expect(allowed.body).not.toHaveProperty('logit_bias');
  expect(allowed.post.body.content).toMatch(/\(.+\)/u);
});

it("GIVEN a persona file's own logit_bias THEN it is sent alone, then merged with the ban once /persona actions turns stage actions off; Noah may not switch it", async () => {
  expect(await persona('actions', { persona: 'vex', stage: 'off' }, world.noah)).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  expect((await persona('show', { persona: 'vex' })).content).toContain('logit_bias: `{"151643":-20}`');
  const channelId = await sceneChannel(world, 'file-bias', ['vex']);
  const own = await exchange(world, channelId, 'Captain Vex, a story?');
  expect(own.body.logit_bias).toEqual({ '151643': -20 });
  expect(own.post.body).toMatchObject({ username: 'Captain Vex' });

  expect((await persona('actions', { persona: 'vex', stage: 'off' })).content).toMatch(
    /^Captain Vex ships with Troupe, so this server now has its own copy/,
  );
  const both = await exchange(world, channelId, 'Captain Vex, another?');
  expect(both.body.logit_bias).toEqual({ '151643': -20, ...BANNED });
  expect(both.line.text).not.toMatch(/[()（）]/u);
});
