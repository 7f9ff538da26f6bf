// Channel webhooks through a real discord.js Client, the way personas speak: create/list, execute with
// username and avatar, the echo with webhook_id, threads, edits, Discord's refusals (names, the cap,
// deleted webhooks, long content), mentions, and an injected 429 that discord.js waits out.
import type { Client, Message, TextChannel, Webhook } from 'discord.js';
import { DiscordAPIError, Events } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginBot } from '../../support/discord/client.js';
import type { Seeded } from '../../support/discord/index.js';
import { DiscordTestServer } from '../../support/discord/index.js';
import { FakeProxyBot, TUPPERBOX } from '../../support/proxy-bot.js';

let server: DiscordTestServer;
let world: Seeded;
let client: Client<true>;
let channel: TextChannel;

beforeEach(async () => {
  server = new DiscordTestServer({ webhooksPerChannel: 3 });
  await server.start();
  world = server.seed();
  client = await loginBot(server, world.bot);
  channel = client.channels.cache.get(world.channel.id) as TextChannel;
});

afterEach(async () => {
  // A 500 means the fake itself broke; its stack is in the request log.
  expect(server.requests.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  await client.destroy();
  await server.close();
});

/** Finds our webhook or creates it, as Troupe does (PluralKit's pattern). */
async function personaWebhook(): Promise<Webhook> {
  const existing = (await channel.fetchWebhooks()).find((w) => w.owner?.id === client.user.id);
  return existing ?? channel.createWebhook({ name: 'Troupe Personas' });
}

const code = (err: unknown): number | string | undefined =>
  err instanceof DiscordAPIError ? err.code : undefined;

describe('executing a webhook as a persona', () => {
  it('GIVEN a new channel THEN the bot creates a webhook, posts as "Ling Lu", and the echo carries webhook_id', async () => {
    const webhook = await personaWebhook();
    expect(webhook.token).toBeTruthy();
    const echo = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    const sent = await webhook.send({
      content: '*bows* Greetings, traveller',
      username: 'Ling Lu',
      avatarURL: 'https://example.invalid/avatars/ling-lu.png',
      allowedMentions: { parse: [] },
    });

    const [execution] = server.webhookExecutions;
    expect(execution).toMatchObject({ webhookId: webhook.id, channelId: world.channel.id, status: 200 });
    expect(execution?.body).toMatchObject({
      content: '*bows* Greetings, traveller',
      username: 'Ling Lu',
      avatar_url: 'https://example.invalid/avatars/ling-lu.png',
      allowed_mentions: { parse: [] },
    });
    const [stored] = server.messages(world.channel.id);
    expect(stored).toMatchObject({
      id: sent.id,
      webhook_id: webhook.id,
      author: { id: webhook.id, username: 'Ling Lu', bot: true },
      avatar_url: 'https://example.invalid/avatars/ling-lu.png',
      allowed_mentions: { parse: [] },
    });
    const message = await echo;
    expect(message.webhookId).toBe(webhook.id);
    expect(message.author.username).toBe('Ling Lu');
    expect(message.content).toBe('*bows* Greetings, traveller');
    // The second lookup finds the same webhook instead of making another.
    expect((await personaWebhook()).id).toBe(webhook.id);
    expect(server.webhooks(world.channel.id)).toHaveLength(1);
  });

  it('GIVEN a thread THEN the parent webhook posts into it with thread_id and unarchives it', async () => {
    const thread = server.createThread(world.channel.id, { name: 'side quest', archived: true });
    const webhook = await personaWebhook();
    const echo = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    await webhook.send({ content: 'in the thread', username: 'Ling Lu', threadId: thread.id });
    expect(server.webhookExecutions[0]).toMatchObject({ threadId: thread.id, status: 200 });
    expect(server.messages(thread.id).map((m) => m.content)).toEqual(['in the thread']);
    expect(server.messages(world.channel.id)).toHaveLength(0);
    expect((await echo).channelId).toBe(thread.id);
    expect(thread.archived).toBe(false);
  });

  it('GIVEN a sent persona message THEN the webhook can edit and delete it', async () => {
    const webhook = await personaWebhook();
    const sent = await webhook.send({ content: 'draft', username: 'Ling Lu' });
    const updated = new Promise<Message>((resolve) =>
      client.once(Events.MessageUpdate, (_old, m) => resolve(m as Message)),
    );
    await webhook.editMessage(sent.id, { content: 'final' });
    expect((await updated).content).toBe('final');
    expect(server.messages(world.channel.id)[0]).toMatchObject({
      content: 'final',
      author: { username: 'Ling Lu' },
    });
    await webhook.deleteMessage(sent.id);
    expect(server.messages(world.channel.id)).toHaveLength(0);
  });

  it('GIVEN "@everyone" in persona text THEN parse [] pings nobody, and the webhook default pings only users', async () => {
    const webhook = await personaWebhook();
    await webhook.send({
      content: `@everyone <@${world.user.id}>`,
      username: 'Ling Lu',
      allowedMentions: { parse: [] },
    });
    await webhook.send({ content: `@everyone <@${world.user.id}>`, username: 'Ling Lu' });
    const [quiet, loud] = server.messages(world.channel.id);
    expect(quiet?.pinged).toEqual({ everyone: false, users: [], roles: [] });
    expect(quiet?.mention_everyone).toBe(false);
    expect(loud?.pinged).toEqual({ everyone: false, users: [world.user.id], roles: [] });
  });
});

describe("Discord's refusals", () => {
  it('GIVEN names with "discord"/"clyde" or a username of "everyone" THEN 50035 Invalid Form Body', async () => {
    await expect(channel.createWebhook({ name: 'Discord Personas' })).rejects.toSatisfy(
      (e) => code(e) === 50035,
    );
    const webhook = await personaWebhook();
    await expect(webhook.send({ content: 'hi', username: 'Clyde' })).rejects.toSatisfy(
      (e) => code(e) === 50035,
    );
    await expect(webhook.send({ content: 'hi', username: 'everyone' })).rejects.toSatisfy(
      (e) => code(e) === 50035,
    );
    await expect(webhook.send({ content: 'x'.repeat(2001), username: 'Ling Lu' })).rejects.toSatisfy(
      (e) => code(e) === 50035,
    );
    expect(server.webhookExecutions.map((e) => e.errorCode)).toEqual([50035, 50035, 50035]);
    expect(server.messages(world.channel.id)).toHaveLength(0);
  });

  it('GIVEN the per-channel cap THEN the next create fails with 30007', async () => {
    for (let i = 0; i < 3; i += 1) await channel.createWebhook({ name: `Someone else ${i}` });
    const error = await channel.createWebhook({ name: 'Troupe Personas' }).catch((e: unknown) => e);
    expect(code(error)).toBe(30007);
    expect((error as Error).message).toBe('Maximum number of webhooks reached (3)');
  });

  it('GIVEN an admin deleted the webhook THEN executing it fails with 10015 Unknown Webhook', async () => {
    const webhook = await personaWebhook();
    server.deleteWebhook(webhook.id);
    await expect(webhook.send({ content: 'hello?', username: 'Ling Lu' })).rejects.toSatisfy(
      (e) => code(e) === 10015,
    );
  });

  it('GIVEN an injected 429 on execute THEN discord.js waits Retry-After and retries', async () => {
    const webhook = await personaWebhook();
    server.injectRateLimit({ method: 'POST', pathPattern: '/webhooks/:id/:token', retryAfterSeconds: 0.1 });
    const started = Date.now();
    await webhook.send({ content: 'patience', username: 'Ling Lu' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    const statuses = server.requests
      .filter((r) => r.path.startsWith(`/webhooks/${webhook.id}`))
      .map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
    expect(server.messages(world.channel.id).map((m) => m.content)).toEqual(['patience']);
  });
});

describe("another application's webhook (a proxy bot such as Tupperbox)", () => {
  it('GIVEN the proxy posts, edits and deletes through its webhook THEN our bot gets MESSAGE_CREATE/UPDATE/DELETE with webhook_id and the proxy’s application_id', async () => {
    const proxy = FakeProxyBot.join(server, world.guild.id, TUPPERBOX);
    const created = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    const copy = await proxy.send(world.channel.id, { name: 'Kara 🌸', content: 'The storm is coming' });
    const echo = await created;
    expect(echo).toMatchObject({ id: copy.id, applicationId: TUPPERBOX.id, content: 'The storm is coming' });
    expect(echo.webhookId).toBe((await proxy.webhook(world.channel.id)).id);
    expect(echo.author).toMatchObject({ bot: true, username: 'Kara 🌸', id: echo.webhookId });

    const updated = new Promise<Message>((resolve) =>
      client.once(Events.MessageUpdate, (_old, m) => resolve(m as Message)),
    );
    await proxy.edit(world.channel.id, copy.id, 'The storm is here');
    expect(await updated).toMatchObject({
      id: copy.id,
      applicationId: TUPPERBOX.id,
      content: 'The storm is here',
    });

    const deleted = new Promise<string>((resolve) => client.once(Events.MessageDelete, (m) => resolve(m.id)));
    await proxy.remove(world.channel.id, copy.id);
    expect(await deleted).toBe(copy.id);
  });

  it("GIVEN a person's tagged message THEN the proxy (Manage Messages) may delete it, and 'discord' in a character name is refused as Discord does", async () => {
    const proxy = FakeProxyBot.join(server, world.guild.id, TUPPERBOX);
    const original = server.userSays({ channelId: world.channel.id, userId: world.user.id, content: 'k:hi' });
    await proxy.deleteOriginal(original);
    expect(server.messages(world.channel.id).map((m) => m.id)).not.toContain(original.id);
    await expect(proxy.send(world.channel.id, { name: 'Discordia', content: 'hi' })).rejects.toThrow(/400/);
  });
});
