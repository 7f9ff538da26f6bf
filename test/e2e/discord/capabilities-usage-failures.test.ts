// Session cache and cost, and failures seen in the channel, from Discord: every request carries the
// (channel, persona) session header and `/usage` shows the tokens the model reported, the cache hit ratio
// and the cost at the guide's prices; a moderation rejection makes the persona pass (or say its
// moderationLine) and `/failures` tells admins why; throttling backs off and tries again; a rejected API
// key brings one notice in the channel, not one per message.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INVALID_KEY_NOTICE } from '../../../src/core/turn/generate-replies.js';
import { costOf, INTERNATIONAL_PRICES } from '../../../src/core/prices.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import type { RecordedRequest as ModelRequest } from '../../../src/model/simulator/request-log.js';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import { shipped } from '../../support/core-harness.js';
import { exchange, isChat, requestFor, sceneChannel, SESSION_HEADER } from '../../support/discord-scenes.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { english } from '../../support/english.js';
import { sleep, waitFor } from '../../support/wait-for.js';

const MODERATION_LINE = "(shrugs) Let's talk about something else.";

let world: TroupeWorld;

/** Whether a model request carries one of these person lines (so a fault stays with its own test). */
const saysAnyOf = (request: ModelRequest, texts: readonly string[]): boolean =>
  ((request.body as { messages?: Array<{ content: string }> }).messages ?? []).some((m) =>
    texts.some((text) => m.content.endsWith(`: ${text}`)),
  );
beforeAll(async () => {
  world = await startTroupeOnDiscord({
    personaAppend: { 'tao-le.yaml': `moderationLine: "${MODERATION_LINE}"` },
  });
});
afterAll(() => world?.close());

type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
};

/** What the model reported for these requests, as /usage adds it up. */
function totalsOf(requests: ModelRequest[]) {
  const usages = requests.map((r) => (r.response!.body as { usage: Usage }).usage);
  const sum = (pick: (u: Usage) => number) => usages.reduce((total, u) => total + pick(u), 0);
  return {
    requests: usages.length,
    promptTokens: sum((u) => u.prompt_tokens),
    cachedTokens: sum((u) => u.prompt_tokens_details.cached_tokens),
    completionTokens: sum((u) => u.completion_tokens),
  };
}

const n = (value: number) => value.toLocaleString('en-US');
const usd = (amount: number) => `$${amount.toFixed(amount < 0.01 ? 6 : 4)}`;

function usageLine(label: string, t: ReturnType<typeof totalsOf>): string {
  const ratio = ((t.cachedTokens / t.promptTokens) * 100).toFixed(1);
  return (
    `Usage for ${label}: ${n(t.requests)} request${t.requests === 1 ? '' : 's'}, ${n(t.promptTokens)} prompt tokens ` +
    `(${n(t.cachedTokens)} cached, ${ratio}% cache hits), ${n(t.completionTokens)} completion tokens.`
  );
}

const usage = (channelId: string, options?: Record<string, string>) =>
  world.replyTo(world.command(world.noah, 'usage', undefined, options, channelId));

it('GIVEN two turns of Ling Lu and one of Tao Le THEN every request carries its session header and /usage shows the totals, the cache hit ratio and the cost, per channel, server and persona', async () => {
  const lingChannel = await sceneChannel(world, 'usage-ling', ['ling-lu']);
  const a = await exchange(world, lingChannel, 'Ling Lu, how is the mix?');
  const b = await exchange(world, lingChannel, 'Ling Lu, and the master?');
  const taoChannel = await sceneChannel(world, 'usage-tao', ['tao-le']);
  const c = await exchange(world, taoChannel, 'Tao Le, a song?');
  const session = a.request.headers[SESSION_HEADER];
  expect(session).toMatch(/\S/);
  expect(b.request.headers[SESSION_HEADER]).toBe(session);
  expect(c.request.headers[SESSION_HEADER]).toMatch(/\S/);
  expect(c.request.headers[SESSION_HEADER]).not.toBe(session);

  const ling = totalsOf([a.request, b.request]);
  // Ling Lu's second request shares its prefix with the first: the session cache served part of it.
  expect(
    (b.request.response!.body as { usage: Usage }).usage.prompt_tokens_details.cached_tokens,
  ).toBeGreaterThan(0);
  const price = INTERNATIONAL_PRICES['qwen-plus-character']!;
  const channel = await usage(lingChannel);
  expect(channel).toEqual({
    content: [
      usageLine('this channel', ling),
      `Estimated cost: ${usd(costOf(ling, price))}.`,
      `  ling-lu: 2 requests, ${n(ling.promptTokens)} prompt / ${n(ling.completionTokens)} completion tokens`,
    ].join('\n'),
    ephemeral: true,
  });

  const all = totalsOf([a.request, b.request, c.request]);
  const server = await usage(lingChannel, { scope: 'server' });
  expect(server.content.split('\n').slice(0, 2)).toEqual([
    usageLine('this server', all),
    `Estimated cost: ${usd(costOf(all, price))}.`,
  ]);
  const tao = totalsOf([c.request]);
  expect((await usage(lingChannel, { scope: 'server', persona: 'Tao Le' })).content.split('\n')[0]).toBe(
    usageLine('persona tao-le', tao),
  );
});

it('GIVEN moderation rejects a turn THEN Ling Lu passes, Tao Le says his moderationLine, and /failures tells admins (only) why', async () => {
  const channelId = await sceneChannel(world, 'moderation', ['ling-lu']);
  world.simulator.injectFault({ kind: 'moderation' }, { match: isChat });
  const requested = requestFor(world, 'Ling Lu, say something outrageous.');
  world.server.userSays({ channelId, userId: world.mia.id, content: 'Ling Lu, say something outrageous.' });
  const rejected = await requested;
  await waitFor('the rejection', () => rejected.response !== undefined);
  expect(rejected.response!.status).toBe(400);
  const lingLu = (await shipped()).find((p) => p.id === 'ling-lu')!;
  expect(rejected.body).toEqual({
    model: 'qwen-plus-character',
    messages: [
      { role: 'system', content: buildSystemMessage(lingLu, [lingLu]) },
      { role: 'user', content: 'Mia: Ling Lu, say something outrageous.' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ],
    max_tokens: 80,
  });
  expect(rejected.headers[SESSION_HEADER]).toMatch(/\S/);
  await settle(world);
  expect(world.server.webhookExecutions.filter((e) => e.channelId === channelId)).toEqual([]);

  const failures = await world.replyTo(world.command(world.mia, 'failures', undefined, undefined, channelId));
  expect(failures.ephemeral).toBe(true);
  expect(failures.content).toMatch(
    /^Latest failures \(newest first\):\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}ling-lu {2}moderation: content moderation rejected the turn$/,
  );
  expect(await world.replyTo(world.command(world.noah, 'failures', undefined, undefined, channelId))).toEqual(
    {
      content: ADMIN_REFUSAL,
      ephemeral: true,
    },
  );

  const taoChannel = await sceneChannel(world, 'moderation-line', ['tao-le']);
  world.simulator.injectFault({ kind: 'moderation' }, { match: isChat });
  world.server.userSays({ channelId: taoChannel, userId: world.mia.id, content: 'Tao Le, be rude.' });
  const line = await world.server.waitForWebhookExecution((e) => e.channelId === taoChannel, 5000);
  expect(line.body).toMatchObject({ username: 'Tao Le', content: MODERATION_LINE });
});

it('GIVEN the API throttles a turn THEN it is asked again after the Retry-After with the same body and session, posted once, and /failures shows the throttling', async () => {
  const channelId = await sceneChannel(world, 'throttled', ['ling-lu']);
  world.simulator.injectFault({ kind: '429', retryAfterMs: 300 }, { match: isChat });
  const before = world.simulator.requests.length;
  const turn = await exchange(world, channelId, 'Ling Lu, are you busy?');
  const tries = world.simulator.requests.slice(before).filter(isChat);
  expect(tries.map((r) => r.response?.status)).toEqual([429, 200]);
  expect(tries[1]!.body).toEqual(tries[0]!.body);
  expect(tries[1]!.headers[SESSION_HEADER]).toBe(tries[0]!.headers[SESSION_HEADER]);
  expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(300);
  expect(turn.request).toBe(tries[0]);
  await settle(world);
  expect(world.server.webhookExecutions.filter((e) => e.channelId === channelId)).toHaveLength(1);
  const failures = await world.replyTo(world.command(world.mia, 'failures', undefined, undefined, channelId));
  expect(failures.content).toMatch(/ling-lu {2}rate_limited: throttled by the API \(retried\)$/);
});

it('GIVEN the API key is rejected on every turn THEN the channel gets one notice for admins, no persona post, and /failures lists each failure', async () => {
  const channelId = await sceneChannel(world, 'bad-key', ['ling-lu']);
  const texts = ['Ling Lu?', 'Ling Lu, hello?', 'Ling Lu, anyone home?'];
  world.simulator.injectFault(
    { kind: 'invalid-key' },
    { times: Infinity, match: (r) => isChat(r) && saysAnyOf(r, texts) },
  );
  for (const text of texts) {
    const requested = requestFor(world, text);
    world.server.userSays({ channelId, userId: world.mia.id, content: text });
    const request = await requested;
    await waitFor('the 401', () => request.response?.status === 401);
    await sleep(100);
  }
  await settle(world);
  const fromBot = world.server.messages(channelId).filter((m) => m.author.id === world.bot.userId);
  expect(fromBot.map((m) => ({ content: m.content, allowed_mentions: m.allowed_mentions }))).toEqual([
    { content: english(INVALID_KEY_NOTICE), allowed_mentions: { parse: [] } },
  ]);
  expect(world.server.webhookExecutions.filter((e) => e.channelId === channelId)).toEqual([]);

  const failures = await world.replyTo(world.command(world.mia, 'failures', undefined, undefined, channelId));
  expect(
    failures.content
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^.* UTC {2}/, '')),
  ).toEqual([
    'ling-lu  invalid_api_key: the API key was rejected',
    'ling-lu  invalid_api_key: the API key was rejected',
    'ling-lu  invalid_api_key: the API key was rejected',
  ]);
});

it('GIVEN the account is overdue (Arrearage) on every turn THEN each turn asks once, the channel gets one plain notice, and /failures says so', async () => {
  const channelId = await sceneChannel(world, 'overdue', ['ling-lu']);
  const texts = ['Ling Lu, are you paid up?', 'Ling Lu, any credit left?'];
  world.simulator.injectFault(
    { kind: 'account', error: 'arrearage' },
    { times: Infinity, match: (r) => isChat(r) && saysAnyOf(r, texts) },
  );
  const before = world.simulator.requests.filter(isChat).length;
  for (const text of texts) {
    const requested = requestFor(world, text);
    world.server.userSays({ channelId, userId: world.mia.id, content: text });
    const request = await requested;
    await waitFor('the 400', () => request.response?.status === 400);
    await sleep(100);
  }
  await settle(world);
  expect(world.simulator.requests.filter(isChat).length - before).toBe(2);
  const fromBot = world.server.messages(channelId).filter((m) => m.author.id === world.bot.userId);
  expect(fromBot.map((m) => m.content)).toEqual([
    'Troupe cannot reach its model: the Alibaba Cloud account has an overdue payment (account_overdue). The personas stay silent until an operator pays it (Expenses and Costs in the Alibaba Cloud console). This notice repeats at most once an hour.',
  ]);
  expect(world.server.webhookExecutions.filter((e) => e.channelId === channelId)).toEqual([]);
  const failures = await world.replyTo(world.command(world.mia, 'failures', undefined, undefined, channelId));
  expect(failures.content).toMatch(
    /ling-lu {2}account_overdue: the Alibaba Cloud account has an overdue payment$/,
  );
});
