// People's messages reaching a real discord.js Client (content, member, mentions, replies, edits,
// deletes, DMs, typing), MessageContent blanking, and the bot's own messages with allowed_mentions.
import type { Client, Message, PartialMessage, Typing } from 'discord.js';
import { Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginBot } from '../../support/discord/client.js';
import type { Seeded } from '../../support/discord/index.js';
import { DiscordTestServer } from '../../support/discord/index.js';

let server: DiscordTestServer;
let world: Seeded;
const clients: Client[] = [];

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
  world = server.seed();
});

afterEach(async () => {
  // A 500 means the fake itself broke; its stack is in the request log.
  expect(server.requests.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await server.close();
});

async function login(options: Parameters<typeof loginBot>[2] = {}): Promise<Client<true>> {
  const client = await loginBot(server, world.bot, options);
  clients.push(client);
  return client;
}

const next = <T>(
  client: Client,
  event: Events.MessageCreate | Events.MessageUpdate | Events.MessageDelete | Events.TypingStart,
) =>
  new Promise<T>((resolve) =>
    client.once(event as Events.MessageCreate, (...args: unknown[]) => resolve(args.at(-1) as T)),
  );

describe('people talking', () => {
  it('GIVEN a user message THEN messageCreate has its content, author, member, mentions and reply', async () => {
    const client = await login();
    const [alice, bob] = world.people;
    const bobs = next<Message>(client, Events.MessageCreate);
    const first = server.userSays({
      channelId: world.channel.id,
      userId: bob!.id,
      content: 'who goes there?',
    });
    await bobs;
    const received = next<Message>(client, Events.MessageCreate);
    server.userSays({
      channelId: world.channel.id,
      userId: alice!.id,
      content: 'only me',
      replyTo: first.id,
      mentions: [world.bot.userId],
    });
    const message = await received;
    expect(message.content).toBe(`<@${world.bot.userId}> only me`);
    expect(message.author.username).toBe('alice');
    expect(message.member?.id).toBe(alice!.id);
    expect(message.mentions.users.has(world.bot.userId)).toBe(true);
    expect(message.mentions.users.has(bob!.id)).toBe(true); // a reply pings its author by default
    expect(message.reference?.messageId).toBe(first.id);
    expect(message.webhookId).toBeNull();
  });

  it('GIVEN no MessageContent intent THEN content is blank, unless the bot is mentioned', async () => {
    const client = await login({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const plain = next<Message>(client, Events.MessageCreate);
    server.userSays({
      channelId: world.channel.id,
      userId: world.user.id,
      content: 'secret',
      attachments: [{ filename: 'a.txt', content: 'x' }],
    });
    const blanked = await plain;
    expect(blanked.content).toBe('');
    expect(blanked.attachments.size).toBe(0);
    const mentioned = next<Message>(client, Events.MessageCreate);
    server.userSays({
      channelId: world.channel.id,
      userId: world.user.id,
      content: 'hey',
      mentions: [world.bot.userId],
    });
    expect((await mentioned).content).toBe(`<@${world.bot.userId}> hey`);
  });

  it('GIVEN an attachment THEN the bot sees it and can download it from the fake', async () => {
    const client = await login();
    const received = next<Message>(client, Events.MessageCreate);
    server.userSays({
      channelId: world.channel.id,
      userId: world.user.id,
      content: 'look',
      attachments: [{ filename: 'note.txt', content: 'hello file', contentType: 'text/plain' }],
    });
    const attachment = (await received).attachments.first();
    expect(attachment?.name).toBe('note.txt');
    const body = await (await fetch(attachment!.url)).text();
    expect(body).toBe('hello file');
  });

  it('GIVEN an edit and a delete THEN messageUpdate and messageDelete fire', async () => {
    const client = await login();
    const created = next<Message>(client, Events.MessageCreate);
    const sent = server.userSays({ channelId: world.channel.id, userId: world.user.id, content: 'tpyo' });
    await created;
    const updated = next<Message>(client, Events.MessageUpdate);
    server.editMessage(sent.id, 'typo');
    expect((await updated).content).toBe('typo');
    const deleted = next<Message | PartialMessage>(client, Events.MessageDelete);
    server.deleteMessage(sent.id);
    expect((await deleted).id).toBe(sent.id);
    expect(server.messages(world.channel.id)).toHaveLength(0);
  });

  it('GIVEN a DM THEN a bot with DirectMessages and Partials.Channel receives it with content', async () => {
    const client = await login({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
    });
    const received = next<Message>(client, Events.MessageCreate);
    server.dm({ userId: world.user.id, content: 'psst' });
    const message = await received;
    expect(message.content).toBe('psst'); // DMs keep content without MessageContent
    expect(message.guildId).toBeNull();
  });

  it('GIVEN a person typing THEN typingStart reaches the bot', async () => {
    const client = await login();
    const typing = next<Typing>(client, Events.TypingStart);
    server.userTyping({ channelId: world.channel.id, userId: world.user.id });
    expect((await typing).user.id).toBe(world.user.id);
  });
});

describe('the bot speaking as itself', () => {
  it('GIVEN allowed_mentions parse [] THEN "@everyone" and <@user> ping nobody', async () => {
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    await channel.sendTyping();
    const sent = await channel.send({
      content: `@everyone look, <@${world.user.id}>`,
      allowedMentions: { parse: [] },
    });
    const [stored] = server.messages(world.channel.id);
    expect(stored?.id).toBe(sent.id);
    expect(stored?.pinged).toEqual({ everyone: false, users: [], roles: [] });
    expect(stored?.allowed_mentions).toEqual({ parse: [] });
    expect(sent.mentions.everyone).toBe(false);
    expect(server.typingEvents.at(-1)).toMatchObject({
      channelId: world.channel.id,
      userId: world.bot.userId,
    });
  });

  it('GIVEN no allowed_mentions THEN a user mention pings but @everyone needs MentionEveryone', async () => {
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const reply = await channel.send({ content: `@everyone hi <@${world.user.id}>` });
    const stored = server.messages(world.channel.id).find((m) => m.id === reply.id);
    expect(stored?.pinged).toEqual({ everyone: false, users: [world.user.id], roles: [] });
  });

  it('GIVEN the bot lacks SendMessages THEN sending fails with 50013', async () => {
    server.setPermissionOverwrite(world.channel.id, {
      id: world.bot.userId,
      type: 'member',
      deny: 1n << 11n,
    });
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    await expect(channel.send('hello')).rejects.toMatchObject({ code: 50013 });
  });
});
