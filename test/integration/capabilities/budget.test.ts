// Spending caps through the scheduler on real Redis, BullMQ and the simulator: once a server's spend
// crosses its cap the next turn asks the model nothing while the person's line is still stored, the
// channel is told once, and the next UTC day (a fake clock) the personas answer again.
import { afterEach, describe, expect, it } from 'vitest';
import { nextUtcMidnight } from '../../../src/core/budget.js';
import { budgetReport, setDailyBudget } from '../../../src/core/capabilities/index.js';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import type { PriceTable } from '../../../src/core/prices.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { english } from '../../support/english.js';
import { RecordingNotices } from '../../support/in-memory-stores.js';
import { waitFor } from '../../support/wait-for.js';

const CHANNEL = 'chan-budget';
const GUILD = 'guild-budget';
/** Dear enough that one simulated turn costs dollars, so the figures are easy to read. */
const DEAR: PriceTable = {
  'qwen-plus-character': { inputPerMillion: 10_000, outputPerMillion: 10_000, currency: 'USD' },
};

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const chats = (h: CoreHarness) => h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** A person's line, and the turn it sets off run to its end (answered or refused). */
async function personSays(h: CoreHarness, text: string): Promise<void> {
  await receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'u-mia', speakerName: 'Mia', text });
  await waitFor('the turn is over', async () => !(await h.core.ledger.replyPending(CHANNEL)), 10_000);
}

describe('a daily budget on real Redis', () => {
  it("GIVEN a server's spend crossing its cap THEN no more model requests that day, lines still stored, one notice; the next UTC day the personas answer again", async () => {
    const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
    const notices = new RecordingNotices();
    const h = (harness = await startCoreHarness({ clock, notices, core: { prices: DEAR } }));
    await addToCast(h.core.deps, CHANNEL, 'ling-lu', { greet: false });
    await h.core.settings.update(CHANNEL, { guildId: GUILD, minPersonaGapMs: 0 });
    await setSilence(h.core.deps, CHANNEL, undefined);
    const scope = { guildId: GUILD, channelId: CHANNEL };

    await personSays(h, 'Ling Lu, how was the gig?');
    expect(chats(h)).toHaveLength(1);
    const first = await budgetReport(h.core.deps, scope);
    if (!first.ok) throw new Error('no report');
    expect(first.state.spent).toBeGreaterThan(0);
    // A cap just above the first turn: the second turn may still ask, and its cost crosses the cap.
    expect((await setDailyBudget(h.core.deps, scope, first.state.spent + 0.01)).ok).toBe(true);
    await personSays(h, 'Ling Lu, and the encore?');
    expect(chats(h)).toHaveLength(2);
    const crossed = await budgetReport(h.core.deps, scope);
    expect(crossed.ok && crossed.state.exhausted).toBe(true);

    await personSays(h, 'Ling Lu, are you still there?');
    await personSays(h, 'Ling Lu?');
    expect(chats(h)).toHaveLength(2);
    expect(h.stage.posts).toHaveLength(2);
    const lines = await h.core.history.recent(CHANNEL, 10);
    expect(lines.filter((l) => l.kind === 'person').map((l) => l.text)).toEqual([
      'Ling Lu, how was the gig?',
      'Ling Lu, and the encore?',
      'Ling Lu, are you still there?',
      'Ling Lu?',
    ]);
    expect(notices.notices.map((n) => n.channelId)).toEqual([CHANNEL]);
    expect(english(notices.notices[0]!.text)).toMatch(
      /^\*\*For this server's admins:\*\* Troupe's daily budget here is spent \(an estimated \$[\d,.]+ of \$[\d,.]+ today, UTC\)\./,
    );

    // Midnight UTC: a new day, a new budget.
    clock.offsetMs = nextUtcMidnight(clock.now()) - Date.now() + 1_000;
    await personSays(h, 'Ling Lu, good morning!');
    expect(chats(h)).toHaveLength(3);
    expect(h.stage.posts).toHaveLength(3);
    // Only this morning's request counts today.
    const morning = await budgetReport(h.core.deps, scope);
    if (!morning.ok || !crossed.ok) throw new Error('no report');
    expect(morning.state.spent).toBeGreaterThan(0);
    expect(morning.state.spent).toBeLessThan(crossed.state.spent);
    expect(morning.state.exhausted).toBe(false);
    expect(notices.notices).toHaveLength(1);
  });
});
