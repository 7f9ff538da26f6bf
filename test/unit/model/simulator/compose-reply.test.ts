// GIVEN a scene and a seed THEN a short, deterministic, in-character line.
import { describe, expect, it } from 'vitest';
import {
  bansParentheses,
  composeReply,
  MAX_REPLY_CHARS,
  PARENTHESIS_TOKEN_IDS,
  truncateToTokens,
  type ComposeInput,
} from '../../../../src/model/simulator/compose-reply.js';
import type { Scene } from '../../../../src/model/simulator/read-scene.js';
import { encodeQwen } from '../../../../src/model/qwen-tokens.js';

const scene: Scene = {
  speaker: 'Ling Lu',
  addressee: 'Tao Le',
  cue: 'tonight',
  tone: 'grumpy',
  traits: ['sharp-tongued'],
  others: ['Tao Le'],
  language: 'en',
};
const base: ComposeInput = { scene, seed: 1, promptHash: 12_345, choice: 0, noActions: false };

describe('composeReply', () => {
  it('GIVEN the same input THEN the same text', () => {
    expect(composeReply(base)).toBe(composeReply({ ...base }));
  });

  it('GIVEN neighbouring seeds THEN different texts', () => {
    const texts = Array.from({ length: 50 }, (_, seed) => composeReply({ ...base, seed }));
    expect(new Set(texts).size).toBe(50);
  });

  it('GIVEN four choices THEN four distinct texts, with or without actions', () => {
    for (const noActions of [false, true]) {
      const texts = [0, 1, 2, 3].map((choice) => composeReply({ ...base, choice, noActions }));
      expect(new Set(texts).size).toBe(4);
    }
  });

  it('GIVEN a scene THEN answers the addressee about the cue, without its own Name: prefix', () => {
    const text = composeReply(base);
    expect(text).toContain('Tao Le, ');
    expect(text).toContain('tonight');
    expect(text.startsWith('Ling Lu:')).toBe(false);
    expect(text.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
  });

  it('GIVEN actions allowed THEN one action in parentheses; banned THEN none at all', () => {
    expect(composeReply(base).match(/\([^)]+\)/g)).toHaveLength(1);
    const banned = composeReply({ ...base, scene: { ...scene, addressee: 'Bob (admin)' }, noActions: true });
    expect(banned).not.toMatch(/[()（）]/);
  });

  it('GIVEN realtime, knowledge and web search THEN mentions the date, the knowledge base and the web', () => {
    const text = composeReply({
      ...base,
      realtimeAt: Date.parse('2026-02-14T09:00:00Z'),
      knowledgeBaseId: 'kb-42',
      webSearch: true,
    });
    expect(text).toContain('Saturday, February 14, 2026');
    expect(text).toContain('kb-42');
    expect(text).toContain('The web says');
  });

  it('GIVEN quirks at rate 1 THEN echoes the Name: prefix and runs into another speaker line', () => {
    const text = composeReply({ ...base, quirks: { echoPrefixRate: 1, otherSpeakerRate: 1 } });
    expect(text.startsWith('Ling Lu: ')).toBe(true);
    expect(text).toMatch(/\nTao Le: \S/);
  });
});

describe('composeReply in a Chinese scene', () => {
  const zhScene: Scene = {
    speaker: '凌路',
    addressee: '程一',
    cue: '饺子',
    tone: 'neutral',
    traits: [],
    others: ['程一'],
    language: 'zh',
  };

  it('GIVEN a Chinese scene THEN a Chinese line with the addressee, the cue and a full-width action', () => {
    const text = composeReply({ ...base, scene: zhScene, realtimeAt: Date.parse('2026-02-14T09:00:00Z') });
    expect(text).toContain('程一，');
    expect(text).toContain('饺子');
    expect(text).toContain('今天是2026年2月14日，星期六。');
    expect(text).toMatch(/（[^）]+）/);
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it('GIVEN actions banned THEN no full-width parentheses either', () => {
    expect(composeReply({ ...base, scene: zhScene, noActions: true })).not.toMatch(/[()（）]/);
  });
});

describe('bansParentheses', () => {
  it('GIVEN all the guide ids at -100 THEN true; one missing THEN false', () => {
    const all = Object.fromEntries(PARENTHESIS_TOKEN_IDS.map((id) => [id, -100]));
    expect(bansParentheses(all)).toBe(true);
    expect(bansParentheses({ ...all, '7': -50 })).toBe(false);
    expect(bansParentheses({})).toBe(false);
  });
});

describe('truncateToTokens', () => {
  it("GIVEN a limit THEN the longest prefix within it, in Qwen's tokens", () => {
    // "The| quick| brown| fox| jumps"
    expect(truncateToTokens('The quick brown fox jumps', 2)).toEqual({ text: 'The quick', truncated: true });
    expect(truncateToTokens('abcdefghij', 2)).toEqual({ text: 'abcdefghij', truncated: false });
    // "你好|世界|你好"
    expect(truncateToTokens('你好世界你好', 2)).toEqual({ text: '你好世界', truncated: true });
    expect(encodeQwen(truncateToTokens('😀'.repeat(50), 7).text).length).toBeLessThanOrEqual(7);
  });
});
