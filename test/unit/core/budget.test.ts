// Spending caps: the policy (pure: UTC days, the budget currency, a request's cost, the cap that applies
// and when it is spent) and what a spent budget does to a turn, a retake and the channel, on in-memory
// ports and a fake clock.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  budgetCurrency,
  budgetState,
  isValidCap,
  MAX_DAILY_BUDGET,
  MIN_DAILY_BUDGET,
  modelsOutsideBudget,
  nextUtcMidnight,
  requestCost,
  utcDay,
} from '../../../src/core/budget.js';
import {
  budgetReport,
  clearDailyBudget,
  offerAlternatives,
  regenerate,
  setDailyBudget,
} from '../../../src/core/capabilities/index.js';
import { nudge } from '../../../src/core/channel-admin.js';
import type { CoreOptions } from '../../../src/core/deps.js';
import type { Persona } from '../../../src/core/persona.js';
import { costOf, INTERNATIONAL_PRICES, MAINLAND_PRICES, type PriceTable } from '../../../src/core/prices.js';
import { receiveLine } from '../../../src/core/receive.js';
import { takeTurn } from '../../../src/core/turn/take-turn.js';
import { english } from '../../support/english.js';
import { shipped } from '../../support/core-harness.js';
import { memoryCore } from '../../support/in-memory.js';
import type { RecordingNotices } from '../../support/in-memory-stores.js';

const DAY = 24 * 60 * 60 * 1000;
const NOON = Date.UTC(2026, 10, 21, 12);

describe('the budget policy', () => {
  it('GIVEN instants around midnight UTC THEN each belongs to its UTC day, and the budget opens at the next midnight', () => {
    const midnight = Date.UTC(2026, 10, 22);
    expect(utcDay(midnight - 1)).toBe('2026-11-21');
    expect(utcDay(midnight)).toBe('2026-11-22');
    expect(nextUtcMidnight(midnight - 1)).toBe(midnight);
    expect(nextUtcMidnight(midnight)).toBe(midnight + DAY);
  });

  it("GIVEN a price table THEN caps are in the default model's currency, else the table's first", () => {
    expect(budgetCurrency(INTERNATIONAL_PRICES, 'qwen-plus-character')).toBe('USD');
    expect(budgetCurrency(MAINLAND_PRICES, 'qwen-flash-character-2026-02-26')).toBe('CNY');
    expect(budgetCurrency(MAINLAND_PRICES, 'some-local-model')).toBe('CNY');
    expect(budgetCurrency({}, 'qwen-plus-character')).toBeUndefined();
    const mixed: PriceTable = {
      ...INTERNATIONAL_PRICES,
      'deepseek-chat': { inputPerMillion: 2, outputPerMillion: 8, currency: 'CNY' },
    };
    expect(modelsOutsideBudget(mixed, 'qwen-plus-character')).toEqual(['deepseek-chat']);
    expect(modelsOutsideBudget(INTERNATIONAL_PRICES, 'qwen-plus-character')).toEqual([]);
  });

  it("GIVEN a request's usage THEN its cost is /usage's, in its model's currency; a model without a price has none", () => {
    const usage = { promptTokens: 2_000, cachedTokens: 1_500, completionTokens: 80 };
    expect(requestCost(usage, 'qwen-plus-character', INTERNATIONAL_PRICES)).toEqual({
      currency: 'USD',
      amount: costOf(usage, INTERNATIONAL_PRICES['qwen-plus-character']!),
    });
    expect(requestCost(usage, 'qwen-flash-character-2026-01-01', MAINLAND_PRICES)?.currency).toBe('CNY');
    expect(requestCost(usage, 'llama-3', INTERNATIONAL_PRICES)).toBeUndefined();
    expect(
      requestCost(
        { promptTokens: 0, cachedTokens: 0, completionTokens: 0 },
        'qwen-plus-character',
        INTERNATIONAL_PRICES,
      ),
    ).toEqual({ currency: 'USD', amount: 0 });
  });

  it("GIVEN a server's own cap and the deployment's THEN the server's wins; spend reaching the cap spends it", () => {
    const policy = { currency: 'USD', deploymentCap: 1 };
    expect(budgetState({ spent: { USD: 0.5 }, unpricedRequests: 0 }, policy)).toMatchObject({
      cap: { amount: 1, source: 'deployment' },
      spent: 0.5,
      exhausted: false,
    });
    expect(budgetState({ ownCap: 0.25, spent: { USD: 0.5 }, unpricedRequests: 0 }, policy)).toMatchObject({
      cap: { amount: 0.25, source: 'own' },
      exhausted: true,
    });
    expect(budgetState({ ownCap: 2, spent: { USD: 1.5 }, unpricedRequests: 0 }, policy).exhausted).toBe(
      false,
    );
    expect(budgetState({ ownCap: 2, spent: { USD: 2 }, unpricedRequests: 0 }, policy).exhausted).toBe(true);
  });

  it('GIVEN spend in another currency or at no price THEN it is shown apart and never counted', () => {
    const state = budgetState(
      { ownCap: 1, spent: { USD: 0.1, CNY: 50 }, unpricedRequests: 3 },
      { currency: 'USD', deploymentCap: undefined },
    );
    expect(state).toEqual({
      cap: { amount: 1, source: 'own' },
      currency: 'USD',
      spent: 0.1,
      uncounted: [{ currency: 'CNY', amount: 50 }],
      unpricedRequests: 3,
      exhausted: false,
    });
  });

  it('GIVEN no cap, or nothing priced THEN nothing is ever spent', () => {
    const day = { spent: { USD: 1_000 }, unpricedRequests: 0 };
    expect(budgetState(day, { currency: 'USD', deploymentCap: undefined })).toMatchObject({
      exhausted: false,
    });
    expect(
      budgetState({ ...day, ownCap: 1 }, { currency: undefined, deploymentCap: undefined }),
    ).toMatchObject({ exhausted: false, spent: 0 });
  });

  it('GIVEN caps out of range THEN they are refused', () => {
    for (const ok of [MIN_DAILY_BUDGET, 5, MAX_DAILY_BUDGET]) expect(isValidCap(ok)).toBe(true);
    for (const bad of [0, -1, MIN_DAILY_BUDGET / 2, MAX_DAILY_BUDGET * 2, Number.NaN, Infinity]) {
      expect(isValidCap(bad)).toBe(false);
    }
  });
});

const CH = 'c1';
const GUILD = 'g1';
/** Prices that make each scripted request (10 prompt + 3 completion tokens) cost 1.3 USD. */
const DEAR: PriceTable = {
  'qwen-plus-character': { inputPerMillion: 100_000, outputPerMillion: 100_000, currency: 'USD' },
};

let musicians: Persona[];
beforeAll(async () => {
  musicians = (await shipped()).filter((p) => ['ling-lu', 'cheng-yi'].includes(p.id));
});

async function setup(core: Partial<CoreOptions> = {}) {
  const c = memoryCore(musicians, { start: NOON, core: { prices: DEAR, ...core } });
  await c.settings.update(CH, {
    guildId: GUILD,
    cast: musicians.map((p) => p.id),
    silence: { enabled: false, afterMs: 1000, maxNudges: 2 },
    minPersonaGapMs: 0,
  });
  return c;
}

const mia = (text: string) => ({ kind: 'person' as const, speakerId: 'u-mia', speakerName: 'Mia', text });
const notices = (c: Awaited<ReturnType<typeof setup>>) =>
  (c.deps.notices as RecordingNotices).notices.map((n) => ({
    channelId: n.channelId,
    text: english(n.text),
  }));

let turnIds = 0;
async function personSays(c: Awaited<ReturnType<typeof setup>>, text: string) {
  const line = await receiveLine(c.deps, CH, mia(text));
  return takeTurn(c.deps, CH, { kind: 'line', seq: line!.seq }, { turnId: `t${++turnIds}` });
}

describe('a spent budget', () => {
  it("GIVEN a server's spend reaching its cap THEN the next turn asks nothing and stays silent, the person's line is kept, and the channel is told once", async () => {
    const c = await setup();
    expect((await setDailyBudget(c.deps, { guildId: GUILD, channelId: CH }, 2)).ok).toBe(true);
    expect((await personSays(c, 'Ling Lu, hello?')).kind).toBe('posted');
    expect((await personSays(c, 'Ling Lu, again?')).kind).toBe('posted');
    // 2.6 of 2 spent: the second request crossed the cap.
    expect(c.model.requests).toHaveLength(2);

    const outcome = await personSays(c, 'Ling Lu, still there?');
    expect(outcome).toEqual({ kind: 'silent', reason: 'the daily budget is spent' });
    expect(c.model.requests).toHaveLength(2);
    expect(c.stage.typed).toHaveLength(2);
    expect((await c.history.recent(CH, 10)).at(-1)).toMatchObject({
      kind: 'person',
      text: 'Ling Lu, still there?',
    });
    expect(notices(c)).toEqual([
      {
        channelId: CH,
        text:
          "**For this server's admins:** Troupe's daily budget here is spent (an estimated $2.60 of $2.00 today, UTC). " +
          "The personas make no model requests until midnight UTC; people's messages are still kept. `/budget show` " +
          'has the details; `/budget set daily:` changes the cap. This notice comes once a day.',
      },
    ]);

    // A nudge, another line, and a second channel of the same server: still nothing asked, no second notice.
    await nudge(c.deps, CH, 'cheng-yi');
    const forced = c.scheduler.turns.at(-1)!.request;
    expect(await takeTurn(c.deps, CH, forced, { turnId: 'forced' })).toMatchObject({ kind: 'silent' });
    await c.settings.update('c2', { guildId: GUILD, cast: ['ling-lu'] });
    const other = await receiveLine(c.deps, 'c2', mia('Ling Lu?'));
    expect(await takeTurn(c.deps, 'c2', { kind: 'line', seq: other!.seq }, { turnId: 'c2-1' })).toMatchObject(
      {
        kind: 'silent',
      },
    );
    expect(c.model.requests).toHaveLength(2);
    expect(notices(c)).toHaveLength(1);
  });

  it('GIVEN the next UTC day THEN turns ask the model again, and a new spent day tells the channel again', async () => {
    const c = await setup();
    await setDailyBudget(c.deps, { guildId: GUILD, channelId: CH }, 1);
    await personSays(c, 'Ling Lu, hello?');
    expect((await personSays(c, 'Ling Lu?')).kind).toBe('silent');
    c.clock.advance(nextUtcMidnight(NOON) - NOON);
    expect((await personSays(c, 'Ling Lu, morning!')).kind).toBe('posted');
    expect(c.model.requests).toHaveLength(2);
    expect((await personSays(c, 'Ling Lu?')).kind).toBe('silent');
    expect(notices(c)).toHaveLength(2);
  });

  it('GIVEN another server THEN its budget is its own', async () => {
    const c = await setup();
    await setDailyBudget(c.deps, { guildId: GUILD, channelId: CH }, 1);
    await personSays(c, 'Ling Lu, hello?');
    await c.settings.update('elsewhere', { guildId: 'g2', cast: ['ling-lu'] });
    const line = await receiveLine(c.deps, 'elsewhere', mia('Ling Lu?'));
    expect(
      await takeTurn(c.deps, 'elsewhere', { kind: 'line', seq: line!.seq }, { turnId: 'g2' }),
    ).toMatchObject({
      kind: 'posted',
    });
  });

  it("GIVEN the deployment's default cap THEN it applies until the server sets its own, and /budget off brings it back", async () => {
    const c = await setup({ dailyBudget: 1 });
    await personSays(c, 'Ling Lu, hello?');
    expect((await personSays(c, 'Ling Lu?')).kind).toBe('silent');
    const scope = { guildId: GUILD, channelId: CH };
    const raised = await setDailyBudget(c.deps, scope, 10);
    expect(english(raised.message)).toBe(
      "This server's daily budget is now $10.00 per UTC day (spent so far today: an estimated $1.30).",
    );
    expect((await personSays(c, 'Ling Lu, now?')).kind).toBe('posted');
    const off = await clearDailyBudget(c.deps, scope);
    expect(english(off.message)).toBe(
      "This server's own daily budget is removed: the daily budget of $1.00 that Troupe's operator set for every server applies.",
    );
    expect((await personSays(c, 'Ling Lu?')).kind).toBe('silent');
    expect(c.model.requests).toHaveLength(2);
  });

  it('GIVEN the model director and a spent budget THEN the director is not asked either', async () => {
    const c = await setup();
    await c.settings.update(CH, { strategy: 'model' });
    await setDailyBudget(c.deps, { guildId: GUILD, channelId: CH }, 1);
    await personSays(c, 'What a day.');
    const asked = c.model.requests.length;
    // The director's proposal and the reply: both counted.
    expect(asked).toBe(2);
    expect(english((await budgetReport(c.deps, { guildId: GUILD, channelId: CH })).message)).toContain(
      'an estimated $2.60 of its daily budget of $1.00 (260%)',
    );
    expect((await personSays(c, 'Anyone?')).kind).toBe('silent');
    expect(c.model.requests).toHaveLength(asked);
  });

  it('GIVEN a spent budget THEN /regenerate and /alternatives are refused without asking the model', async () => {
    const c = await setup();
    await setDailyBudget(c.deps, { guildId: GUILD, channelId: CH }, 1);
    await personSays(c, 'Ling Lu, hello?');
    for (const refused of [await regenerate(c.deps, CH), await offerAlternatives(c.deps, CH, 2)]) {
      expect(refused.ok).toBe(false);
      expect(english(refused.message)).toBe(
        'The daily budget is spent (an estimated $1.30 of $1.00 today, UTC): no model requests until midnight UTC.',
      );
    }
    expect(c.model.requests).toHaveLength(1);
    expect(notices(c)).toHaveLength(1);
  });

  it('GIVEN no cap THEN /budget show says what was spent and how to set one; caps out of range are refused', async () => {
    const c = await setup();
    await personSays(c, 'Ling Lu, hello?');
    const scope = { guildId: GUILD, channelId: CH };
    expect(english((await budgetReport(c.deps, scope)).message)).toBe(
      'Today (UTC) this server has spent an estimated $1.30. There is no daily budget; admins can set one with `/budget set daily:`.',
    );
    const tooSmall = await setDailyBudget(c.deps, scope, 0);
    expect(tooSmall.ok).toBe(false);
    expect(english(tooSmall.message)).toBe('A daily budget is from 0.0001 to 1,000,000 USD.');
    expect(english((await clearDailyBudget(c.deps, scope)).message)).toBe(
      "This server's own daily budget is removed: its spending is no longer capped.",
    );
  });
});
