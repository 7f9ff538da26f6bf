// Text cut for Discord never carries half an emoji. Personas with 🎸-heavy names and greetings, and
// 🎸-heavy alternatives, at every length around the limits (a modal title's 45, /persona show's
// 300-character greeting, the alternatives panel's share of 2,000, a webhook message's 2,000) go
// through a Discord test server that refuses any payload holding a lone UTF-16 surrogate, as Discord
// does; and a form never shortens what it then saves.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { panelOf, sceneChannel, exchange } from '../../support/discord-scenes.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const guitars = (n: number) => '🎸'.repeat(n);

/** 🎸-heavy personas: names around the 45 of "Edit <name>", greetings around 300 and 2,000. */
const PERSONAS = [19, 20, 21, 22].flatMap((n) =>
  ['', 'x'].map((lead, i) => ({
    id: `guitars-${lead}${n}`,
    name: `${lead}${guitars(n)}`,
    // 320 units, with the 300-character cut on an odd or an even unit; and 2,001 units.
    greeting: i === 0 ? `${'a'.repeat(n % 2)}${guitars(160)}` : `a${guitars(1000)}`,
  })),
);

const yaml = (p: (typeof PERSONAS)[number]) =>
  [
    `name: "${p.name}"`,
    `profile: "${p.name} plays the guitar, loudly."`,
    `greeting: "${p.greeting}"`,
    'generation: { maxReplyTokens: 4000 }',
  ].join('\n');

const MANY_ALIASES = Array.from({ length: 40 }, (_, i) => `${guitars(3)} ${i}`);

let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord({
    personaFiles: {
      ...Object.fromEntries(PERSONAS.map((p) => [`${p.id}.yaml`, yaml(p)])),
      'many-names.yaml': [
        'name: Many Names',
        `aliases: [${MANY_ALIASES.map((a) => `"${a}"`).join(', ')}]`,
        'profile: Answers to a lot of names.',
      ].join('\n'),
    },
  });
}, 30_000);
afterAll(() => world.close());

/** Every request the bot made to the test server that it refused (a lone surrogate is a 400). */
const refused = () => world.server.requests.filter((r) => r.status >= 400 && r.method !== 'GET');

it('GIVEN 🎸-heavy names WHEN an admin edits each persona THEN every modal title is whole emoji within 45 characters', async () => {
  for (const persona of PERSONAS) {
    const edit = world.command(world.mia, 'persona', 'edit', { persona: persona.id });
    const modal = await world.server.waitForInteractionResponse(edit.id, (r) => r.type === 9);
    const title = String(modal.data?.title);
    expect([...title].length).toBeLessThanOrEqual(45);
    expect(LONE_SURROGATE.test(title)).toBe(false);
    expect(`Edit ${persona.name}`.startsWith(title.replace(/…$/u, ''))).toBe(true);
  }
  expect(refused()).toEqual([]);
});

it('GIVEN 🎸-heavy greetings WHEN /persona show THEN each reply is sent, the greeting cut between emoji', async () => {
  for (const persona of PERSONAS) {
    const shown = await world.replyTo(world.command(world.mia, 'persona', 'show', { persona: persona.id }));
    expect(shown.content.startsWith(`**${persona.name}**`)).toBe(true);
    const greeting = /^Greeting: (.*)$/mu.exec(shown.content)?.[1] ?? '';
    expect(greeting.length).toBeLessThanOrEqual(300);
    expect(greeting.length).toBeGreaterThan(290);
    expect(LONE_SURROGATE.test(shown.content)).toBe(false);
  }
  expect(refused()).toEqual([]);
});

it('GIVEN a 2,001-character 🎸 greeting WHEN the persona joins THEN it is posted in two parts, no emoji split', async () => {
  const persona = PERSONAS.find((p) => p.greeting.length > 2000)!;
  const channel = world.server.createChannel(world.guild.id, { name: 'long-greeting' });
  const before = world.server.webhookExecutions.length;
  await world.replyTo(world.command(world.mia, 'cast', 'add', { persona: persona.id }, channel.id));
  await settle(world);
  const posts = world.server.webhookExecutions.slice(before).filter((e) => e.channelId === channel.id);
  expect(posts.map((e) => e.status)).toEqual([200, 200]);
  expect(posts.map((e) => String(e.body.content)).join('')).toBe(persona.greeting);
  expect(refused()).toEqual([]);
});

it('GIVEN 🎸-heavy alternatives of every length around the panel share THEN the panel is sent, each cut between emoji', async () => {
  const persona = PERSONAS[0]!;
  const channelId = await sceneChannel(world, 'alternatives', [persona.id]);
  world.simulator.setScript(() => 'First answer.');
  await exchange(world, channelId, `${persona.name}, play something?`);
  const header = `Versions of ${persona.name}'s last message; pick one to put it in place:`;
  const room = Math.floor((2000 - header.length) / 3) - 12;
  for (let offset = -3; offset <= 3; offset++) {
    // Three versions straddling the share, on both parities of the cut.
    const texts = [0, 1, 2].map(
      (k) => `${'a'.repeat((offset + k + 3) % 2)}${k}${guitars(Math.ceil((room + offset) / 2))}`,
    );
    world.simulator.setScript(() => texts);
    const panel = await panelOf(
      world,
      world.command(world.mia, 'alternatives', undefined, { count: 3 }, channelId),
    );
    expect(panel.content.startsWith(header)).toBe(true);
    expect(panel.content.length).toBeLessThanOrEqual(2000);
    expect(LONE_SURROGATE.test(panel.content)).toBe(false);
  }
  world.simulator.setScript(undefined);
  expect(refused()).toEqual([]);
});

it('GIVEN aliases too long for the form WHEN an admin edits the persona and saves THEN the form leaves them out and every alias is kept', async () => {
  const edit = world.command(world.mia, 'persona', 'edit', { persona: 'many-names' });
  const modal = await world.server.waitForInteractionResponse(edit.id, (r) => r.type === 9);
  expect(JSON.stringify(modal.data)).not.toContain('"custom_id":"aliases"');
  const saved = world.server.submitModal({
    fromInteraction: edit.id,
    fields: {
      name: 'Many Names',
      avatar: '',
      profile: 'Answers to a lot of names, all of them.',
      greeting: '',
    },
  });
  const reply = await world.replyTo(saved);
  expect(reply.content).toMatch(/^Saved \*\*Many Names\*\*/);
  expect(reply.content).toContain('Kept as they were, too long to show in the form');
  expect(reply.content).toContain('other names');
  const shown = await world.replyTo(world.command(world.mia, 'persona', 'show', { persona: 'many-names' }));
  expect(shown.content).toContain(`Also called: ${MANY_ALIASES.join(', ')}`);
  expect(shown.content).toContain('Answers to a lot of names, all of them.');
});
