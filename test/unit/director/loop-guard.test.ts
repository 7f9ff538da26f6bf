// Personas may answer personas, but never forever: the bot-turn cap, the A→B→A→B detector and the
// minimum gap between persona turns.
import { describe, expect, it } from 'vitest';
import { decideNextSpeaker } from '../../../src/core/director/index.js';
import { chengYi, input, lingLu, maHui, mia, said, spoke, taoLe } from './fixtures.js';

describe('the loop cap', () => {
  it('GIVEN three persona turns in a row after a person (the default cap) THEN nobody speaks', () => {
    const history = [
      said(mia, 'jam time'),
      spoke(lingLu, 'yes!'),
      spoke(chengYi, 'ok'),
      spoke(taoLe, 'drums ready'),
    ];
    expect(decideNextSpeaker(input(history))).toEqual({
      speak: false,
      reason: 'nobody: loop cap: 3 persona turns in a row',
    });
  });

  it('GIVEN the cap is reached by a persona addressing another THEN nobody speaks still (the cap is absolute)', () => {
    const history = [
      said(mia, 'jam'),
      spoke(lingLu, 'yes'),
      spoke(chengYi, 'ok'),
      spoke(taoLe, 'Ma Hui, your turn!'),
    ];
    expect(decideNextSpeaker(input(history))).toMatchObject({
      speak: false,
      reason: 'nobody: loop cap: 3 persona turns in a row',
    });
  });

  it('GIVEN other bots lines let into the channel THEN they count as bot turns', () => {
    const bot = { id: 'u-bot', name: 'RhythmBot' };
    const history = [
      said(mia, 'jam'),
      spoke(lingLu, 'yes'),
      said(bot, 'Now playing', { fromBot: true }),
      said(bot, 'Cheng Yi, queue?', { fromBot: true }),
    ];
    expect(decideNextSpeaker(input(history)).speak).toBe(false);
  });

  it('GIVEN a person speaks after the cap THEN personas answer again', () => {
    const history = [
      said(mia, 'jam'),
      spoke(lingLu, 'yes'),
      spoke(chengYi, 'ok'),
      spoke(taoLe, 'ready'),
      said(mia, 'Ma Hui?'),
    ];
    expect(decideNextSpeaker(input(history))).toMatchObject({ speak: true, personaId: 'ma-hui' });
  });

  it('GIVEN a higher maxBotTurns THEN personas go on until that many', () => {
    const settings = { maxBotTurns: 5 };
    const history = [said(mia, 'go'), spoke(lingLu, 'a'), spoke(chengYi, 'b'), spoke(taoLe, 'Ma Hui, you?')];
    expect(decideNextSpeaker(input(history, { settings }))).toMatchObject({ personaId: 'ma-hui' });
    const capped = [...history, spoke(maHui, 'me'), spoke(lingLu, 'Tao Le?')];
    expect(decideNextSpeaker(input(capped, { settings })).speak).toBe(false);
  });
});

describe('the ping-pong detector', () => {
  const settings = { maxBotTurns: 10 };
  const pingPong = [
    said(mia, 'argue!'),
    spoke(lingLu, 'no'),
    spoke(chengYi, 'yes'),
    spoke(lingLu, 'no!'),
    spoke(chengYi, 'Ling Lu, yes!'),
  ];

  it('GIVEN the last four persona lines alternate between two personas THEN nobody speaks, even the one addressed', () => {
    expect(decideNextSpeaker(input(pingPong, { settings }))).toEqual({
      speak: false,
      reason: 'nobody: ping-pong between Ling Lu and Cheng Yi',
    });
  });

  it('GIVEN a ping-pong whose last line speaks to a third persona THEN that persona speaks', () => {
    const history = [...pingPong.slice(0, -1), spoke(chengYi, 'Tao Le, tell her!')];
    expect(decideNextSpeaker(input(history, { settings }))).toMatchObject({
      speak: true,
      personaId: 'tao-le',
    });
  });

  it('GIVEN a ping-pong whose last line only talks about a third persona THEN nobody speaks', () => {
    const history = [...pingPong.slice(0, -1), spoke(chengYi, 'even Tao Le agrees with me')];
    expect(decideNextSpeaker(input(history, { settings })).speak).toBe(false);
  });

  it('GIVEN three personas taking turns THEN it is no ping-pong', () => {
    const history = [
      said(mia, 'go'),
      spoke(lingLu, 'a'),
      spoke(chengYi, 'b'),
      spoke(lingLu, 'c'),
      spoke(taoLe, 'Ling Lu, d?'),
    ];
    expect(decideNextSpeaker(input(history, { settings }))).toMatchObject({
      speak: true,
      personaId: 'ling-lu',
    });
  });
});

describe('the gap between persona turns', () => {
  it('GIVEN a persona line THEN the next persona waits at least minPersonaGapMs (a delay, not a refusal)', () => {
    const history = [said(mia, 'go'), spoke(lingLu, 'Tao Le, you start')];
    for (const minPersonaGapMs of [2_000, 30_000]) {
      const decision = decideNextSpeaker(input(history, { settings: { minPersonaGapMs } }));
      expect(decision.speak && decision.delayMs).toBeGreaterThanOrEqual(minPersonaGapMs);
    }
  });

  it('GIVEN a person line right after a persona line THEN the answer still keeps the gap from the persona line', () => {
    const now = 1_800_000_000_000;
    const history = [spoke(lingLu, 'hi', { at: now - 1_000 }), said(mia, 'Cheng Yi?', { at: now })];
    const decision = decideNextSpeaker(
      input(history, { keepTimes: true, now, settings: { minPersonaGapMs: 20_000 } }),
    );
    expect(decision).toMatchObject({ speak: true, personaId: 'cheng-yi', delayMs: 19_000 });
  });
});

describe('people named like personas', () => {
  const settings = { maxBotTurns: 10 };
  // A member nicknamed "Ling Lu", a member nicknamed with Ling Lu's Chinese alias, a proxied character
  // and a let-in bot called "Ling Lu": none of their lines is Ling Lu's turn.
  const impostor = { id: 'u-imp', name: 'Ling Lu' };
  const aliasImpostor = { id: 'u-imp2', name: '凌路' };
  const character = { id: 'proxy:431544605209788416:Ling Lu', name: 'Ling Lu' };

  it.each([impostor, aliasImpostor, character])(
    'GIVEN Ling Lu, Cheng Yi, Ling Lu, then $name (a person) THEN it is no ping-pong and Cheng Yi may answer',
    (person) => {
      const history = [
        said(mia, 'argue!'),
        spoke(lingLu, 'no'),
        spoke(chengYi, 'yes'),
        spoke(lingLu, 'no!'),
        said(person, 'Cheng Yi, yes or no?'),
      ];
      expect(decideNextSpeaker(input(history, { settings }))).toMatchObject({
        speak: true,
        personaId: 'cheng-yi',
      });
    },
  );

  it.each([impostor, aliasImpostor])(
    'GIVEN $name (a person) spoke last THEN the real Ling Lu is not "the one who just spoke"',
    (person) => {
      const history = [spoke(chengYi, 'who broke the amp?'), said(person, 'Ling Lu, it was you')];
      expect(decideNextSpeaker(input(history, { settings }))).toMatchObject({
        speak: true,
        personaId: 'ling-lu',
      });
    },
  );

  it('GIVEN three persona turns, then a person named like one of them THEN the cap starts over', () => {
    const history = [
      said(mia, 'jam'),
      spoke(lingLu, 'yes'),
      spoke(chengYi, 'ok'),
      spoke(taoLe, 'ready'),
      said(impostor, 'Ma Hui?'),
    ];
    expect(decideNextSpeaker(input(history))).toMatchObject({ speak: true, personaId: 'ma-hui' });
  });

  it('GIVEN Ling Lu, Cheng Yi, a let-in bot called "Ling Lu", Cheng Yi THEN it is no ping-pong', () => {
    const bot = { id: 'u-bot', name: 'Ling Lu' };
    const history = [
      said(mia, 'go'),
      spoke(lingLu, 'a'),
      spoke(chengYi, 'b'),
      said(bot, 'c', { fromBot: true }),
      spoke(chengYi, 'Ling Lu, d?'),
    ];
    expect(decideNextSpeaker(input(history, { settings }))).toMatchObject({
      speak: true,
      personaId: 'ling-lu',
    });
  });
});
