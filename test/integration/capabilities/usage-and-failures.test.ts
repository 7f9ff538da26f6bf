// Session cache and cost, and failures seen in the channel, through the scheduler on real Redis: every
// request carries its (channel, persona) session header; usage lands per server, channel, persona and
// model and /usage prices it; a moderation rejection is recorded for admins; a rejected API key sends
// one notice, not one per message.
import { afterEach, describe, expect, it } from 'vitest';
import { recentFailures } from '../../../src/core/capabilities/failures.js';
import { usageReport } from '../../../src/core/capabilities/usage-report.js';
import { addToCast, nudge, setSilence } from '../../../src/core/channel-admin.js';
import { INVALID_KEY_NOTICE } from '../../../src/core/turn/generate-replies.js';
import type { AdminNotices } from '../../../src/core/ports.js';
import type { Message } from '../../../src/core/text.js';
import { costOf, INTERNATIONAL_PRICES } from '../../../src/core/prices.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { sleep, waitFor } from '../../support/wait-for.js';
import { english } from '../../support/english.js';

const CHANNEL = 'chan-usage';
const GUILD = 'guild-1';
const SESSION_HEADER = 'x-dashscope-aca-session';
type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
};

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

class RecordingNotices implements AdminNotices {
  readonly sent: Array<{ channelId: string; text: Message }> = [];
  async notify(channelId: string, text: Message): Promise<void> {
    this.sent.push({ channelId, text });
  }
}

async function castOf(h: CoreHarness, ids: string[]) {
  for (const id of ids) await addToCast(h.core.deps, CHANNEL, id, { greet: false });
  await h.core.settings.update(CHANNEL, { guildId: GUILD, minPersonaGapMs: 0 });
  await setSilence(h.core.deps, CHANNEL, undefined);
}

const chats = (h: CoreHarness) => h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('session cache and cost', () => {
  it('GIVEN turns of two personas THEN each request carries its own session header and /usage adds them up per server, channel, persona and model', async () => {
    const h = (harness = await startCoreHarness());
    await castOf(h, ['ling-lu', 'cheng-yi']);
    for (const persona of ['ling-lu', 'cheng-yi', 'ling-lu']) {
      const posts = h.stage.posts.length;
      await nudge(h.core.deps, CHANNEL, persona);
      await waitFor('the nudged reply', () => h.stage.posts.length === posts + 1);
    }
    await sleep(200);
    const requests = chats(h);
    expect(requests).toHaveLength(3);
    const lingSession = await h.core.sessions.get(CHANNEL, 'ling-lu');
    const chengSession = await h.core.sessions.get(CHANNEL, 'cheng-yi');
    expect(requests.map((r) => r.headers[SESSION_HEADER])).toEqual([lingSession, chengSession, lingSession]);
    expect(lingSession).not.toBe(chengSession);

    const usages = requests.map((r) => (r.response!.body as { usage: Usage }).usage);
    // Ling Lu's second request shares its prefix with his first.
    expect(usages[2]!.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    const sum = (pick: (u: Usage) => number) => usages.reduce((total, u) => total + pick(u), 0);
    const totals = {
      promptTokens: sum((u) => u.prompt_tokens),
      completionTokens: sum((u) => u.completion_tokens),
      cachedTokens: sum((u) => u.prompt_tokens_details.cached_tokens),
      requests: 3,
    };

    const rows = await h.core.usage.rows({ guildId: GUILD });
    expect(rows.map((r) => [r.guildId, r.channelId, r.personaId, r.requests]).sort()).toEqual([
      [GUILD, CHANNEL, 'cheng-yi', 1],
      [GUILD, CHANNEL, 'ling-lu', 2],
    ]);
    for (const row of rows) expect(Object.keys(row.byModel)).toEqual(['qwen-plus-character']);

    const report = await usageReport(h.core.deps, { guildId: GUILD });
    if (!report.ok) throw new Error(english(report.message));
    expect(report.totals).toEqual(totals);
    expect(report.cacheHitRatio).toBeCloseTo(totals.cachedTokens / totals.promptTokens, 10);
    const expectedCost = costOf(totals, INTERNATIONAL_PRICES['qwen-plus-character']!);
    expect(report.cost).toEqual([{ currency: 'USD', amount: expect.closeTo(expectedCost, 12) }]);
    expect(report.byPersona.map((p) => p.personaId).sort()).toEqual(['cheng-yi', 'ling-lu']);
    expect(english(report.message)).toContain(
      `Usage for this server: 3 requests, ${totals.promptTokens.toLocaleString('en-US')} prompt tokens`,
    );
    // Money in the reader's format (Intl): US dollars, to the millionth for costs under a cent.
    expect(english(report.message)).toMatch(/Estimated cost: \$\d+\.\d{4,6}\./u);
  });
});

describe('failures seen in the channel', () => {
  it('GIVEN a moderation rejection THEN the persona passes and admins can see why', async () => {
    const h = (harness = await startCoreHarness());
    await castOf(h, ['ling-lu']);
    h.simulator.injectFault({ kind: 'moderation' });
    await receiveLine(h.core.deps, CHANNEL, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Ling Lu, say something outrageous.',
    });
    await waitFor(
      'the rejection recorded',
      async () => (await h.core.failures.recent(CHANNEL, 5)).length === 1,
    );
    expect(h.stage.posts).toHaveLength(0);
    const report = await recentFailures(h.core.deps, CHANNEL);
    expect(report).toMatchObject({
      ok: true,
      failures: [{ code: 'moderation', personaId: 'ling-lu', retryable: false, at: expect.any(Number) }],
    });
    expect(english(report.message)).toContain('ling-lu  moderation: content moderation rejected the turn');
  });

  it('GIVEN a rejected API key on every turn THEN admins get one notice, and every failure is in the log', async () => {
    const notices = new RecordingNotices();
    const h = (harness = await startCoreHarness({ notices }));
    await castOf(h, ['ling-lu']);
    h.simulator.injectFault({ kind: 'invalid-key' }, { times: Infinity });
    for (const text of ['Ling Lu?', 'Ling Lu, hello?', 'Ling Lu, anyone home?']) {
      const before = chats(h).length;
      await receiveLine(h.core.deps, CHANNEL, {
        kind: 'person',
        speakerId: 'u-mia',
        speakerName: 'Mia',
        text,
      });
      await waitFor(
        'the failed request',
        () => chats(h).length > before && chats(h).at(-1)!.response !== undefined,
      );
      await sleep(100);
    }
    await waitFor('three failures', async () => (await h.core.failures.recent(CHANNEL, 10)).length === 3);
    expect(chats(h).map((r) => r.response?.status)).toEqual([401, 401, 401]);
    expect(notices.sent).toEqual([{ channelId: CHANNEL, text: INVALID_KEY_NOTICE }]);
    const failures = await h.core.failures.recent(CHANNEL, 10);
    expect(failures.map((f) => [f.code, f.personaId])).toEqual([
      ['invalid_api_key', 'ling-lu'],
      ['invalid_api_key', 'ling-lu'],
      ['invalid_api_key', 'ling-lu'],
    ]);
    expect(failures[0]!.message).not.toContain('test-key');
  });

  it("GIVEN Model Studio's quota, billing and access refusals THEN each turn asks once (no retry), admins get one plain notice per kind, and /failures says what to fix", async () => {
    const notices = new RecordingNotices();
    const h = (harness = await startCoreHarness({ notices }));
    await castOf(h, ['ling-lu']);
    const refusals = [
      ['arrearage', 'account_overdue'],
      ['free-quota-exhausted', 'quota_exhausted'],
      ['free-tier-only', 'quota_exhausted'],
      ['model-access-denied', 'model_access_denied'],
      ['model-not-found', 'model_not_found'],
    ] as const;
    for (const [i, [error]] of refusals.entries()) {
      h.simulator.injectFault({ kind: 'account', error });
      const before = chats(h).length;
      await receiveLine(h.core.deps, CHANNEL, {
        kind: 'person',
        speakerId: 'u-mia',
        speakerName: 'Mia',
        text: `Ling Lu, number ${i}?`,
      });
      await waitFor(
        'the refused request',
        () => chats(h).length > before && chats(h).at(-1)!.response !== undefined,
      );
      await waitFor(
        'the refusal recorded',
        async () => (await h.core.failures.recent(CHANNEL, 10)).length === i + 1,
      );
    }
    await sleep(300);
    // Not retried: one request per turn.
    expect(chats(h).map((r) => r.response?.status)).toEqual([400, 429, 403, 403, 404]);
    const failures = await h.core.failures.recent(CHANNEL, 10);
    expect(failures.map((f) => [f.code, f.retryable])).toEqual(
      [...refusals].reverse().map(([, code]) => [code, false]),
    );
    // One notice per kind (the two quota refusals share one), in plain words, naming the model.
    expect(notices.sent.map((n) => english(n.text))).toEqual([
      expect.stringMatching(/overdue payment \(account_overdue\).*Expenses and Costs/),
      expect.stringMatching(/quota is used up \(quota_exhausted\).*"free quota only"/),
      expect.stringMatching(/may not use qwen-plus-character \(model_access_denied\)/),
      expect.stringMatching(/does not know qwen-plus-character \(model_not_found\).*MODEL_BASE_URL/),
    ]);
    const report = english((await recentFailures(h.core.deps, CHANNEL)).message);
    expect(
      report
        .split('\n')
        .slice(1)
        .map((l) => l.replace(/^.* UTC {2}/, '')),
    ).toEqual([
      'ling-lu  model_not_found: the endpoint does not know this model (its name, or the region)',
      "ling-lu  model_access_denied: the API key's account may not use this model",
      'ling-lu  quota_exhausted: the quota is used up (free quota, or "free quota only" mode)',
      'ling-lu  quota_exhausted: the quota is used up (free quota, or "free quota only" mode)',
      'ling-lu  account_overdue: the Alibaba Cloud account has an overdue payment',
    ]);
  });

  it('GIVEN the per-minute token quota (429 insufficient_quota pointing at #token-limit) THEN the turn is retried and posted', async () => {
    const h = (harness = await startCoreHarness());
    await castOf(h, ['ling-lu']);
    h.simulator.injectFault({ kind: 'account', error: 'insufficient-quota' });
    await receiveLine(h.core.deps, CHANNEL, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Ling Lu, still there?',
    });
    await waitFor('the reply posted', () => h.stage.posts.length === 1, 10_000);
    expect(chats(h).map((r) => r.response?.status)).toEqual([429, 200]);
  });
});
