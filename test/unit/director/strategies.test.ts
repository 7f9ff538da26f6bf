// The channel strategies, when nobody is addressed: natural, round-robin, pooled, random, manual; and
// the switches above them (paused, forced).
import { describe, expect, it } from 'vitest';
import { decideNextSpeaker } from '../../../src/core/director/index.js';
import type { Decision } from '../../../src/core/director/index.js';
import type { Line } from '../../../src/core/line.js';
import type { Persona } from '../../../src/core/persona.js';
import type { InputOptions } from './fixtures.js';
import { band, chengYi, input, lingLu, makePersona, maHui, mia, said, spoke, taoLe } from './fixtures.js';

const speaker = (decision: Decision) => (decision.speak ? decision.personaId : undefined);

/** Lets the director run a scene on its own: each chosen persona's line is appended, until nobody speaks. */
function run(history: Line[], turns: number, options: InputOptions = {}): string[] {
  const cast = options.cast ?? band;
  const spoken: string[] = [];
  for (let i = 0; i < turns; i++) {
    const decision = decideNextSpeaker(input(history, { ...options, seed: (options.seed ?? 1) * 1_000 + i }));
    if (!decision.speak) break;
    spoken.push(decision.personaId);
    history = [...history, spoke(cast.find((p) => p.id === decision.personaId) as Persona, 'la la la')];
  }
  return spoken;
}

describe('natural', () => {
  it('GIVEN a person talking with one persona THEN the turn goes back to that persona (A-B-A)', () => {
    const history = [said(mia, 'hey Cheng Yi'), spoke(chengYi, 'hey!'), said(mia, 'how was practice')];
    for (let seed = 1; seed <= 20; seed++)
      expect(speaker(decideNextSpeaker(input(history, { seed })))).toBe('cheng-yi');
  });

  it('GIVEN a persona just spoke, not addressing anyone THEN it never speaks again right after itself', () => {
    const talkative = band.map((p) => ({ ...p, talkativeness: 1 }));
    for (let seed = 1; seed <= 100; seed++) {
      const decision = decideNextSpeaker(
        input([said(mia, 'hi'), spoke(lingLu, 'hello!')], { cast: talkative, seed }),
      );
      expect(decision.speak).toBe(true);
      expect(speaker(decision)).not.toBe('ling-lu');
    }
  });

  it('GIVEN a person speaks to the persona who just spoke THEN it may speak again (addressed)', () => {
    expect(speaker(decideNextSpeaker(input([spoke(lingLu, 'hello!'), said(mia, 'Ling Lu, again?')])))).toBe(
      'ling-lu',
    );
  });

  it('GIVEN a fresh channel THEN the more talkative persona speaks first', () => {
    const shy = makePersona({ id: 'shy', name: 'Shy', talkativeness: 0.1 });
    const chatty = makePersona({ id: 'chatty', name: 'Chatty', talkativeness: 0.9 });
    for (let seed = 1; seed <= 20; seed++) {
      expect(speaker(decideNextSpeaker(input([said(mia, 'hello?')], { cast: [shy, chatty], seed })))).toBe(
        'chatty',
      );
    }
  });

  it('GIVEN equal personas in a fresh channel THEN the seed decides, and every one of them gets chosen', () => {
    const chosen = new Set<string | undefined>();
    for (let seed = 1; seed <= 100; seed++)
      chosen.add(speaker(decideNextSpeaker(input([said(mia, 'hi')], { seed }))));
    expect([...chosen].sort()).toEqual(band.map((p) => p.id).sort());
  });

  it('GIVEN a persona line addressed to nobody THEN another persona picks it up only as often as it is talkative', () => {
    const quiet = band.map((p) => ({ ...p, talkativeness: 0 }));
    const history = [said(mia, 'hi'), spoke(lingLu, 'hello')];
    expect(decideNextSpeaker(input(history, { cast: quiet }))).toEqual({
      speak: false,
      reason: "nobody: no persona picks up Ling Lu's line",
    });
    let picked = 0;
    for (let seed = 1; seed <= 400; seed++) if (decideNextSpeaker(input(history, { seed })).speak) picked++;
    expect(picked / 400).toBeGreaterThan(0.35);
    expect(picked / 400).toBeLessThan(0.65);
  });
});

describe('round-robin', () => {
  const settings = { strategy: 'round-robin' as const, maxBotTurns: 9 };

  it('GIVEN no persona spoke yet THEN personas speak in cast order, and go round', () => {
    expect(run([said(mia, 'go round')], 6, { settings })).toEqual([
      'ling-lu',
      'cheng-yi',
      'tao-le',
      'ma-hui',
      'ling-lu',
      'cheng-yi',
    ]);
  });

  it('GIVEN Tao Le spoke last THEN it continues after Tao Le, skipping muted personas', () => {
    const history = [spoke(taoLe, 'done'), said(mia, 'next')];
    const muted = { ...settings, muted: ['ling-lu'] };
    expect(run(history, 4, { settings: muted })).toEqual(['ma-hui', 'cheng-yi', 'tao-le', 'ma-hui']);
  });

  it('GIVEN a line addressing a persona THEN the addressed persona goes first', () => {
    expect(speaker(decideNextSpeaker(input([spoke(lingLu, 'a'), said(mia, 'Tao Le?')], { settings })))).toBe(
      'tao-le',
    );
  });
});

describe('pooled', () => {
  const settings = { strategy: 'pooled' as const, maxBotTurns: 100 };

  it('GIVEN many rounds after a person THEN everyone speaks once before anyone twice, and nobody twice in a row', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const spoken = run([said(mia, 'everyone say something')], 24, { settings, seed });
      expect(spoken).toHaveLength(24);
      for (let round = 0; round < 6; round++) {
        expect(new Set(spoken.slice(round * 4, round * 4 + 4)).size).toBe(4);
      }
      spoken.forEach((id, i) => expect(id).not.toBe(spoken[i - 1]));
    }
  });

  it('GIVEN some personas spoke since the person THEN one who has not is chosen', () => {
    const history = [said(mia, 'hi'), spoke(lingLu, 'a'), spoke(taoLe, 'b'), spoke(chengYi, 'c')];
    for (let seed = 1; seed <= 20; seed++)
      expect(speaker(decideNextSpeaker(input(history, { settings, seed })))).toBe('ma-hui');
  });

  it('GIVEN a person line THEN the pool starts again', () => {
    const history = [said(mia, 'hi'), spoke(lingLu, 'a'), spoke(taoLe, 'b'), said(mia, 'and?')];
    const chosen = new Set<string | undefined>();
    for (let seed = 1; seed <= 60; seed++)
      chosen.add(speaker(decideNextSpeaker(input(history, { settings, seed }))));
    expect(chosen.size).toBe(4);
  });
});

describe('random', () => {
  const settings = { strategy: 'random' as const };
  const history = [said(mia, 'hi'), spoke(maHui, 'yo')];

  it('GIVEN the same seed THEN the same persona; over many seeds THEN every other persona, never the last speaker', () => {
    const chosen = new Map<string | undefined, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const decision = decideNextSpeaker(input(history, { settings, seed }));
      expect(decideNextSpeaker(input(history, { settings, seed }))).toEqual(decision);
      chosen.set(speaker(decision), (chosen.get(speaker(decision)) ?? 0) + 1);
    }
    expect([...chosen.keys()].sort()).toEqual(['cheng-yi', 'ling-lu', 'tao-le']);
    for (const count of chosen.values()) expect(count).toBeGreaterThan(60);
  });
});

describe('manual, paused and forced turns', () => {
  const forced = (personaId: string) => ({ kind: 'forced' as const, personaId });

  it('GIVEN manual THEN nobody speaks after a line, even when addressed', () => {
    const decision = decideNextSpeaker(
      input([said(mia, 'Ling Lu, sing!')], { settings: { strategy: 'manual' } }),
    );
    expect(decision).toEqual({ speak: false, reason: 'nobody: manual: only forced turns' });
  });

  it('GIVEN paused THEN nobody speaks after a line, even when addressed', () => {
    expect(decideNextSpeaker(input([said(mia, 'Ling Lu, sing!')], { settings: { paused: true } }))).toEqual({
      speak: false,
      reason: 'nobody: paused',
    });
  });

  it('GIVEN a forced turn THEN that persona speaks at once, whatever manual, pause, mute or the loop cap say', () => {
    const capped = [said(mia, 'x'), spoke(lingLu, 'a'), spoke(chengYi, 'b'), spoke(taoLe, 'c')];
    const settings = { strategy: 'manual' as const, paused: true, muted: ['ma-hui'] };
    expect(decideNextSpeaker(input(capped, { settings, trigger: forced('ma-hui') }))).toEqual({
      speak: true,
      personaId: 'ma-hui',
      delayMs: 0,
      reason: 'forced: Ma Hui',
      mode: 'reply',
    });
  });

  it('GIVEN a forced turn for the persona who spoke last THEN it continues itself', () => {
    expect(decideNextSpeaker(input([spoke(taoLe, 'and then')], { trigger: forced('tao-le') }))).toMatchObject(
      { mode: 'continue' },
    );
  });

  it('GIVEN a forced turn for a persona not in the cast, or an empty cast THEN nobody', () => {
    expect(decideNextSpeaker(input([said(mia, 'x')], { trigger: forced('ghost') }))).toEqual({
      speak: false,
      reason: 'nobody: ghost is not in the cast',
    });
    expect(decideNextSpeaker(input([said(mia, 'x')], { cast: [] }))).toEqual({
      speak: false,
      reason: 'nobody: the cast is empty',
    });
  });
});
