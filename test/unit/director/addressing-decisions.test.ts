// Addressing comes first: whoever a line speaks to answers, whatever the strategy; a line meant for a
// person is (almost always) left to that person.
import { describe, expect, it } from 'vitest';
import { decideNextSpeaker } from '../../../src/core/director/index.js';
import {
  band,
  chengYi,
  input,
  lingLu,
  lingSister,
  maHui,
  mia,
  misaki,
  said,
  sam,
  spoke,
  taoLe,
} from './fixtures.js';

const speaker = (decision: ReturnType<typeof decideNextSpeaker>) =>
  decision.speak ? decision.personaId : undefined;

describe('addressing decides who answers', () => {
  // Tao Le spoke last before Mia, so without addressing A-B-A would give the turn back to Tao Le.
  const before = [said(mia, 'hi everyone'), spoke(taoLe, 'hi Mia!')];

  it('GIVEN a person names a persona in English THEN that persona answers, with the name in the reason', () => {
    const decision = decideNextSpeaker(input([...before, said(mia, 'Ling Lu, can you sing the chorus?')]));
    expect(decision).toMatchObject({
      speak: true,
      personaId: 'ling-lu',
      mode: 'reply',
      reason: 'addressed by name: Ling Lu',
    });
  });

  it('GIVEN a Chinese name inside a Chinese sentence with no spaces THEN that persona answers', () => {
    expect(speaker(decideNextSpeaker(input([...before, said(mia, '我觉得马慧写的歌最好听')])))).toBe(
      'ma-hui',
    );
    expect(speaker(decideNextSpeaker(input([...before, said(mia, '凌路你今天怎么样？')])))).toBe('ling-lu');
  });

  it('GIVEN a Japanese persona named in kana THEN it answers', () => {
    const cast = [...band, misaki];
    expect(speaker(decideNextSpeaker(input([...before, said(mia, 'みさき、歌って！')], { cast })))).toBe(
      'misaki',
    );
  });

  it('GIVEN an alias THEN the persona it belongs to answers', () => {
    expect(speaker(decideNextSpeaker(input([...before, said(mia, '路路，来一首')])))).toBe('ling-lu');
  });

  it('GIVEN "Ling Lu" in a cast that also has "Ling" THEN Ling Lu answers (the whole name beats the part)', () => {
    const cast = [lingSister, ...band];
    const decision = decideNextSpeaker(input([...before, said(mia, 'what do you say, Ling Lu?')], { cast }));
    expect(speaker(decision)).toBe('ling-lu');
  });

  it('GIVEN a reply to a persona message THEN that persona answers', () => {
    const line = said(mia, 'haha yes', {
      replyTo: { kind: 'persona', speakerId: 'cheng-yi', speakerName: 'Cheng Yi' },
    });
    expect(decideNextSpeaker(input([...before, line]))).toMatchObject({
      personaId: 'cheng-yi',
      reason: 'replied to: Cheng Yi',
    });
  });

  it('GIVEN an @-mention of a persona THEN it answers', () => {
    const line = said(mia, 'what do you think?', { mentions: ['ma-hui'] });
    expect(decideNextSpeaker(input([...before, line]))).toMatchObject({
      personaId: 'ma-hui',
      reason: '@-mentioned: Ma Hui',
    });
  });

  it('GIVEN a vocative and a name talked about THEN the one spoken to answers', () => {
    const line = said(mia, 'Did you hear what Cheng Yi said, Ma Hui?');
    expect(speaker(decideNextSpeaker(input([...before, line])))).toBe('ma-hui');
  });

  it('GIVEN a persona names another THEN the named one answers (personas answer personas)', () => {
    const history = [said(mia, 'jam?'), spoke(lingLu, 'Tao Le, grab the drums!')];
    expect(speaker(decideNextSpeaker(input(history)))).toBe('tao-le');
  });
});

describe('a line meant for a person', () => {
  const history = [
    said(sam, 'back from the gig'),
    spoke(chengYi, 'welcome back Sam'),
    said(mia, 'Sam, how was it?'),
  ];

  it('GIVEN a person addresses another person by name THEN nobody answers, and the reason says who it was for', () => {
    expect(decideNextSpeaker(input(history))).toEqual({
      speak: false,
      reason: 'nobody: addressed to a person (Sam)',
    });
  });

  it('GIVEN a person replies to another person message THEN nobody answers', () => {
    const reply = said(mia, 'totally agree', {
      replyTo: { kind: 'person', speakerId: sam.id, speakerName: sam.name },
    });
    expect(decideNextSpeaker(input([...history.slice(0, 2), reply])).speak).toBe(false);
  });

  it('GIVEN 1000 seeds THEN a persona butts in at most 10% of the time, and then waits longer', () => {
    let spoken = 0;
    const delays: number[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const decision = decideNextSpeaker(input(history, { seed }));
      if (decision.speak) {
        spoken++;
        delays.push(decision.delayMs);
        expect(decision.reason).toBe('butting in: addressed to a person (Sam)');
      }
    }
    expect(spoken / 1000).toBeLessThanOrEqual(0.1);
    expect(Math.min(...delays)).toBeGreaterThan(4_000);
  });

  it('GIVEN a line naming both a person and a persona THEN the persona answers', () => {
    const line = said(mia, 'Sam and I want a song, Tao Le!');
    expect(speaker(decideNextSpeaker(input([...history.slice(0, 2), line])))).toBe('tao-le');
  });
});

describe('muted personas', () => {
  const settings = { muted: ['ma-hui', 'cheng-yi', 'ling-lu'] };

  it('GIVEN muted personas and a line addressed to nobody THEN only an unmuted one is chosen', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const decision = decideNextSpeaker(
        input([spoke(maHui, 'hello'), said(mia, 'hello all')], { settings, seed }),
      );
      expect(speaker(decision)).toBe('tao-le');
    }
  });

  it('GIVEN a muted persona is addressed THEN it answers', () => {
    expect(speaker(decideNextSpeaker(input([said(mia, 'Ma Hui, one more?')], { settings })))).toBe('ma-hui');
  });

  it('GIVEN every persona muted and nobody addressed THEN nobody speaks', () => {
    const allMuted = { muted: band.map((p) => p.id) };
    expect(decideNextSpeaker(input([said(mia, 'anyone?')], { settings: allMuted }))).toEqual({
      speak: false,
      reason: 'nobody: nobody else to speak',
    });
  });
});
