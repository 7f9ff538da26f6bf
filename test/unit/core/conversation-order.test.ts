import { describe, expect, it } from 'vitest';
import { inConversationOrder } from '../../../src/core/conversation-order.js';
import type { Line } from '../../../src/core/line.js';

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
