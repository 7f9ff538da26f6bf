// The director is a pure function: the same input and seed give the same decision, its ranking
// explains itself, and its delays are human-like and reproducible.
import { describe, expect, it } from 'vitest';
import { MIN_REACTION_MS, REACTION_JITTER_MS, turnDelayMs } from '../../../src/core/director/delay.js';
import { decideNextSpeaker, rankCandidates } from '../../../src/core/director/index.js';
import { STRATEGIES } from '../../../src/core/channel-settings.js';
import { seededRandom } from '../../../src/core/random.js';
import { chengYi, input, lingLu, maHui, mia, said, spoke, taoLe } from './fixtures.js';

const scene = [
  said(mia, 'hi all'),
  spoke(lingLu, 'hi Mia'),
  spoke(chengYi, 'yo'),
  said(mia, 'what are we playing tonight?'),
];

describe('determinism', () => {
  it('GIVEN the same input and seed THEN the same decision, under every strategy and trigger', () => {
    for (const strategy of STRATEGIES) {
      for (const trigger of [{ kind: 'line' as const }, { kind: 'silence' as const, nudgesSoFar: 0 }]) {
        for (let seed = 1; seed <= 20; seed++) {
          const first = decideNextSpeaker(input(scene, { settings: { strategy }, trigger, seed }));
          expect(decideNextSpeaker(input(scene, { settings: { strategy }, trigger, seed }))).toEqual(first);
        }
      }
    }
  });

  it('GIVEN the input THEN decideNextSpeaker does not modify it', () => {
    const given = input(scene);
    const copy = structuredClone({ history: given.history, settings: given.settings });
    decideNextSpeaker(given);
    rankCandidates(given);
    expect({ history: given.history, settings: given.settings }).toEqual(copy);
  });

  it('GIVEN a system line last THEN nobody answers it', () => {
    const system = {
      ...said(mia, 'x'),
      kind: 'system' as const,
      speakerId: 'system',
      speakerName: 'system',
      text: 'Tao Le joined',
    };
    expect(decideNextSpeaker(input([...scene, system]))).toEqual({
      speak: false,
      reason: 'nobody: no line to answer',
    });
  });
});

describe('ranking', () => {
  it('GIVEN a line THEN every eligible persona is ranked, best first, with scores and reasons', () => {
    const ranking = rankCandidates(input([...scene.slice(0, 3), said(mia, 'Tao Le, drums?')]));
    expect(ranking.map((c) => c.personaId)).toHaveLength(4);
    expect(ranking[0]).toMatchObject({
      personaId: 'tao-le',
      reasons: expect.arrayContaining(['vocative: Tao Le']),
    });
    const scores = ranking.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('GIVEN a persona spoke last THEN it is not ranked; GIVEN it is muted and not addressed THEN neither', () => {
    const ranking = rankCandidates(
      input([said(mia, 'hi'), spoke(maHui, 'hello')], { settings: { muted: ['tao-le'] } }),
    );
    expect(ranking.map((c) => c.personaId).sort()).toEqual(['cheng-yi', 'ling-lu']);
  });

  it('GIVEN a forced trigger THEN the forced persona ranks first', () => {
    const ranking = rankCandidates(input(scene, { trigger: { kind: 'forced', personaId: taoLe.id } }));
    expect(ranking[0]).toMatchObject({ personaId: 'tao-le', reasons: ['forced'] });
  });
});

describe('delays', () => {
  const base = { history: [], minPersonaGapMs: 2_000, now: 1_000_000 };

  it('GIVEN a longer line to answer THEN a longer delay, from the same seed', () => {
    const short = turnDelayMs({ ...base, random: seededRandom(5), answering: said(mia, 'hi') });
    const long = turnDelayMs({ ...base, random: seededRandom(5), answering: said(mia, 'so '.repeat(80)) });
    expect(long).toBeGreaterThan(short);
    expect(short).toBeGreaterThanOrEqual(MIN_REACTION_MS);
    expect(short).toBeLessThan(MIN_REACTION_MS + REACTION_JITTER_MS + 1_000);
  });

  it('GIVEN a Chinese line THEN it reads slower per character than an English one', () => {
    const english = turnDelayMs({ ...base, random: seededRandom(5), answering: said(mia, 'abcdefghij') });
    const chinese = turnDelayMs({
      ...base,
      random: seededRandom(5),
      answering: said(mia, '我们今天晚上排练这首'),
    });
    expect(chinese).toBeGreaterThan(english);
  });

  it('GIVEN a persona line to answer THEN minPersonaGapMs is added', () => {
    const line = spoke(taoLe, 'hi');
    const after = turnDelayMs({
      ...base,
      history: [line],
      now: line.at,
      random: seededRandom(5),
      answering: line,
    });
    const plain = turnDelayMs({ ...base, random: seededRandom(5), answering: said(mia, 'hi') });
    expect(after - plain).toBe(2_000);
  });

  it('GIVEN the same seed THEN the same delay', () => {
    const answering = said(mia, 'hello there');
    expect(turnDelayMs({ ...base, random: seededRandom(9), answering })).toBe(
      turnDelayMs({ ...base, random: seededRandom(9), answering }),
    );
  });
});
