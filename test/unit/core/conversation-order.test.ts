import { describe, expect, it } from 'vitest';
import { inConversationOrder } from '../../../src/core/conversation-order.js';
import type { Line } from '../../../src/core/line.js';
import { receiveLine } from '../../../src/core/receive.js';
import { staleNudgeReason } from '../../../src/core/silence-timer.js';
import { storePersonaLine } from '../../../src/core/store-line.js';
import { shipped } from '../../support/core-harness.js';
import { memoryCore } from '../../support/in-memory.js';

const CH = 'c1';

const line = (seq: number, kind: Line['kind'], extra: Partial<Line> = {}): Line => ({
  id: String(seq),
  seq,
  kind,
  speakerId: kind === 'person' ? 'u-mia' : 'ling-lu',
  speakerName: kind === 'person' ? 'Mia' : 'Ling Lu',
  text: `line ${seq}`,
  at: seq,
  ...extra,
});

describe('inConversationOrder', () => {
  it('GIVEN replies that saw every line before them THEN the stored order stands', () => {
    const lines = [
      line(1, 'person'),
      line(2, 'persona', { seenSeq: 1 }),
      line(3, 'person'),
      line(4, 'persona'),
    ];
    expect(inConversationOrder(lines).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
  });

  it('GIVEN people who spoke while a reply was posted THEN the reply comes right after what it saw, their lines after it', () => {
    const lines = [
      line(1, 'person'),
      line(2, 'person'),
      line(3, 'person'),
      line(4, 'persona', { seenSeq: 1 }),
      line(5, 'person'),
    ];
    expect(inConversationOrder(lines).map((l) => l.seq)).toEqual([1, 4, 2, 3, 5]);
  });

  it('GIVEN a reply whose seen line fell out of the window THEN it opens the window', () => {
    const lines = [line(7, 'person'), line(8, 'persona', { seenSeq: 5 })];
    expect(inConversationOrder(lines).map((l) => l.seq)).toEqual([8, 7]);
  });
});

describe('the silence timer after a reply stored out of conversation order', () => {
  it('GIVEN a person spoke while a reply was posted and nobody is to answer THEN the timer runs from the newest stored line, and its nudge still applies', async () => {
    const lingLu = (await shipped()).find((p) => p.id === 'ling-lu')!;
    const core = memoryCore([lingLu]);
    // Muted: Ling Lu answers only when addressed, so nobody is to answer these lines.
    await core.settings.update(CH, { cast: ['ling-lu'], muted: ['ling-lu'] });
    await receiveLine(core.deps, CH, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Evening.',
    });
    await receiveLine(core.deps, CH, {
      kind: 'person',
      speakerId: 'u-mia',
      speakerName: 'Mia',
      text: 'Quiet?',
    });
    // A reply to the first line, stored after the second (which it never saw).
    await storePersonaLine(core.deps, CH, lingLu, 'Evening.', { messageIds: ['m-3'] }, 'reply', 1);

    const armed = core.scheduler.silences.at(-1)!;
    expect(armed.seq).toBe(3);
    expect(await staleNudgeReason(core.deps, CH, armed.seq)).toBeUndefined();
  });
});
