// A persona with its own bot gives that bot its picture (a card's image, an uploaded avatar), on real
// Redis and the Discord-compatible server: once per picture, not at every start (Discord rate-limits
// avatar changes), again when the picture changes, and a refusal leaves the bot logged in.
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RedisAvatarStore } from '../../../src/avatars/avatar-store.js';
import { personaSchema, type Persona } from '../../../src/core/persona.js';
import { PersonaBots } from '../../../src/discord/persona-bots.js';
import { DiscordTestServer, type FakeBot, type Seeded } from '../../support/discord/index.js';
import { silentLogger } from '../../support/in-memory.js';
import { redisPerTest } from '../../support/redis.js';

const store = redisPerTest('bot-avatar');
let server: DiscordTestServer;
let world: Seeded;
let lingBot: FakeBot;
const running: PersonaBots[] = [];

const TUNING = { restGlobalRequestsPerSecond: 1e6, fastIdentify: true, waitGuildTimeoutMs: 500 };

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
  world = server.seed();
  lingBot = server.createBot({ username: 'Ling Lu' });
  server.addMember(world.guild.id, lingBot.userId);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((bots) => bots.destroy()));
  await server.close();
});

const picture = (r: number, g: number, b: number) =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

async function start(persona: Persona): Promise<void> {
  const bots = new PersonaBots([{ persona, token: lingBot.token }], {
    apiUrl: server.apiUrl,
    tuning: TUNING,
  });
  running.push(bots);
  await bots.login(silentLogger, new RedisAvatarStore(store.redis, store.keys));
  expect(bots.client('ling-lu')).toBeDefined();
}

const avatarPatches = () =>
  server.requests.filter((r) => r.method === 'PATCH' && r.path === '/users/@me' && r.status === 200);

it("GIVEN Ling Lu's stored picture THEN his bot wears it once; a restart sets nothing; a new picture is set again", async () => {
  const avatars = new RedisAvatarStore(store.redis, store.keys);
  const red = await avatars.put(await picture(200, 30, 30));
  const persona = personaSchema.parse({ id: 'ling-lu', name: 'Ling Lu', profile: 'P', avatarImage: red });

  await start(persona);
  expect(avatarPatches()).toHaveLength(1);
  const sent = (avatarPatches()[0]!.body as { avatar: string }).avatar;
  expect(sent.startsWith('data:image/png;base64,')).toBe(true);
  // What Discord received is the stored square picture itself.
  expect(Buffer.from(sent.split(',')[1]!, 'base64').equals(Buffer.from((await avatars.get(red))!))).toBe(
    true,
  );
  expect(server.state.user(lingBot.userId).avatar).not.toBeNull();

  await Promise.all(running.splice(0).map((bots) => bots.destroy()));
  await start(persona);
  expect(avatarPatches()).toHaveLength(1);

  const blue = await avatars.put(await picture(30, 30, 200));
  await Promise.all(running.splice(0).map((bots) => bots.destroy()));
  await start({ ...persona, avatarImage: blue });
  expect(avatarPatches()).toHaveLength(2);
});

it('GIVEN no stored picture THEN the bot keeps the face set in the Developer Portal', async () => {
  await start(personaSchema.parse({ id: 'ling-lu', name: 'Ling Lu', profile: 'P' }));
  expect(server.requests.filter((r) => r.method === 'PATCH' && r.path === '/users/@me')).toHaveLength(0);
});

it('GIVEN Discord refuses the change (avatar rate limit) THEN the bot still logs in and posts; the next start tries again', async () => {
  const avatars = new RedisAvatarStore(store.redis, store.keys);
  const id = await avatars.put(await picture(10, 200, 10));
  server.state.user(lingBot.userId).avatarChanges = 2;
  const persona = personaSchema.parse({ id: 'ling-lu', name: 'Ling Lu', profile: 'P', avatarImage: id });
  await start(persona);
  expect(server.requests.filter((r) => r.method === 'PATCH' && r.path === '/users/@me')[0]?.status).toBe(400);
  expect(await avatars.givenToBot(lingBot.userId)).toBeUndefined();

  server.state.user(lingBot.userId).avatarChanges = 0;
  await Promise.all(running.splice(0).map((bots) => bots.destroy()));
  await start(persona);
  expect(avatarPatches()).toHaveLength(1);
  expect(await avatars.givenToBot(lingBot.userId)).toBe(id);
});
