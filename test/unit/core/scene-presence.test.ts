// Scene presence (pure): the spans of lines a persona was in the scene for, as it joins and leaves, and
// the lines of a history page it saw, with whether that selection is cut by the page.
import { describe, expect, it } from 'vitest';
import {
  linesSeenBy,
  MAX_PRESENCE_SPANS,
  spansAfterJoining,
  spansAfterLeaving,
} from '../../../src/core/scene-presence.js';
import { makeLine } from './fixtures.js';

const page = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    makeLine(from + i, 'person', 'u1', 'Mia', `line ${from + i}`),
  );
const seqs = (lines: readonly { seq: number }[]) => lines.map((l) => l.seq);

describe('spansAfterJoining', () => {
  it('GIVEN a channel with no lines yet THEN the persona sees everything (no spans)', () => {
    expect(spansAfterJoining(undefined, undefined, false)).toBeUndefined();
  });

  it('GIVEN a scene under way THEN what it knows starts after the newest line', () => {
    expect(spansAfterJoining(undefined, 41, false)).toEqual([{ from: 42 }]);
  });

  it('GIVEN knows:everything THEN it sees everything, even after earlier presences', () => {
    expect(spansAfterJoining(undefined, 41, true)).toBeUndefined();
    expect(spansAfterJoining([{ from: 0, to: 10 }], 41, true)).toBeUndefined();
  });

  it('GIVEN it was here before THEN its earlier presence stays and the gap is left out', () => {
    expect(spansAfterJoining([{ from: 5, to: 10 }], 20, false)).toEqual([{ from: 5, to: 10 }, { from: 21 }]);
  });

  it('GIVEN a channel reset since it left (no lines) THEN it sees everything from now', () => {
    expect(spansAfterJoining([{ from: 5, to: 10 }], undefined, false)).toBeUndefined();
  });

  it(`GIVEN it came and went over and over THEN only the newest ${MAX_PRESENCE_SPANS} spans are kept`, () => {
    const many = Array.from({ length: MAX_PRESENCE_SPANS + 5 }, (_, i) => ({ from: i * 10, to: i * 10 + 5 }));
    const spans = spansAfterJoining(many, 1_000, false)!;
    expect(spans).toHaveLength(MAX_PRESENCE_SPANS);
    expect(spans.at(-1)).toEqual({ from: 1_001 });
    expect(spans[0]).toEqual(many[6]);
  });
});

describe('spansAfterLeaving', () => {
  it('GIVEN one that saw everything THEN it saw every line up to the newest', () => {
    expect(spansAfterLeaving(undefined, 30)).toEqual([{ from: 0, to: 30 }]);
  });

  it('GIVEN one cast mid-scene THEN its open span closes at the newest line', () => {
    expect(spansAfterLeaving([{ from: 1, to: 4 }, { from: 12 }], 30)).toEqual([
      { from: 1, to: 4 },
      { from: 12, to: 30 },
    ]);
  });

  it('GIVEN it leaves before any line was said since it joined THEN that empty span is dropped', () => {
    expect(spansAfterLeaving([{ from: 31 }], 30)).toEqual([]);
    expect(spansAfterLeaving([{ from: 1 }], undefined)).toEqual([]);
  });
});

describe('linesSeenBy', () => {
  it('GIVEN no spans THEN the very same page and flag come back (personas present all along)', () => {
    const history = page(1, 10);
    expect(linesSeenBy(history, undefined, true)).toEqual({ lines: history, truncated: true });
    expect(linesSeenBy(history, undefined, true).lines).toBe(history);
  });

  it('GIVEN a persona cast after line 5 THEN it sees lines 6 on, whole even on a capped page', () => {
    const seen = linesSeenBy(page(1, 10), [{ from: 6 }], true);
    expect(seqs(seen.lines)).toEqual([6, 7, 8, 9, 10]);
    expect(seen.truncated).toBe(false);
  });

  it('GIVEN a capped page starting inside its presence THEN the selection is cut by the page', () => {
    expect(linesSeenBy(page(20, 30), [{ from: 6 }], true).truncated).toBe(true);
    expect(linesSeenBy(page(6, 30), [{ from: 6 }], true).truncated).toBe(true);
    expect(linesSeenBy(page(20, 30), [{ from: 6 }], false).truncated).toBe(false);
  });

  it('GIVEN it left after line 4 and came back after line 7 THEN it sees its first stay and not the gap', () => {
    const seen = linesSeenBy(page(1, 10), [{ from: 2, to: 4 }, { from: 8 }], false);
    expect(seqs(seen.lines)).toEqual([2, 3, 4, 8, 9, 10]);
  });

  it('GIVEN a capped page starting in the gap THEN what it saw is whole', () => {
    const seen = linesSeenBy(page(6, 12), [{ from: 2, to: 4 }, { from: 8 }], true);
    expect(seqs(seen.lines)).toEqual([8, 9, 10, 11, 12]);
    expect(seen.truncated).toBe(false);
  });
});
