// The `model` strategy's request and answer (pure): the exact request sent, the transcript window that
// keeps its prefix for a block of lines, and which answers count as a cast name.
import { describe, expect, it } from 'vitest';
import {
  buildProposalRequest,
  MAX_PROPOSAL_LINE_CHARS,
  parseProposal,
  proposalCandidates,
  proposalCastNames,
  proposalSystemMessage,
  proposalWindow,
  wantsProposal,
} from '../../../src/core/director/model-proposal.js';
import type { Line } from '../../../src/core/line.js';
import { band, chengYi, input, lingLu, maHui, mia, misaki, said, spoke, taoLe } from './fixtures.js';

const SYSTEM =
  'You direct a group conversation in a chat channel. Read it and decide which character speaks next. ' +
  'Answer with the name of who speaks next, one of: Ling Lu, Cheng Yi, Tao Le, Ma Hui. ' +
  'Never the one who spoke last; the name only, nothing else.';

/** `count` lines alternating between Mia and the band, seqs 1…count. */
function longScene(count: number): Line[] {
  return Array.from({ length: count }, (_, i) => ({
    ...(i % 2 === 0 ? said(mia, `line ${i + 1}`) : spoke(band[i % 4]!, `line ${i + 1}`)),
    seq: i + 1,
    id: String(i + 1),
  }));
}

describe('buildProposalRequest', () => {
  it('GIVEN a short scene THEN the request is the system message, the transcript and the partial prefix', () => {
    const history = [said(mia, 'Who wants tea?'), spoke(lingLu, 'Me!\nAnd cake.')];
    const request = buildProposalRequest({
      history,
      cast: band,
      model: 'qwen-plus-character',
      sessionId: 'sess-director',
      prefixMode: 'partial',
    });
    expect(request).toEqual({
      model: 'qwen-plus-character',
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: 'Mia: Who wants tea?\nLing Lu: Me! And cake.' },
        { role: 'assistant', content: 'Next speaker:', partial: true },
      ],
      sessionId: 'sess-director',
      maxTokens: 8,
      temperature: 0,
    });
  });

  it('GIVEN a server that cannot continue a prefix THEN the request ends on the transcript', () => {
    const request = buildProposalRequest({
      history: [said(mia, 'hi')],
      cast: band,
      model: 'm',
      sessionId: 's',
      prefixMode: 'none',
    });
    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('GIVEN system lines and a very long line THEN they are left out and clipped', () => {
    const history: Line[] = [
      said(mia, 'x'.repeat(1_000)),
      { ...said(mia, 'note'), kind: 'system', speakerId: 'system', speakerName: 'System' },
    ];
    const request = buildProposalRequest({
      history,
      cast: band,
      model: 'm',
      sessionId: 's',
      prefixMode: 'partial',
    });
    const transcript = request.messages[1]!.content;
    expect(transcript).not.toContain('System');
    expect([...transcript.slice('Mia: '.length)]).toHaveLength(MAX_PROPOSAL_LINE_CHARS);
    expect(transcript.endsWith('…')).toBe(true);
  });

  it('GIVEN the system message THEN the simulator can read the names back', () => {
    expect(proposalCastNames(SYSTEM)).toEqual(['Ling Lu', 'Cheng Yi', 'Tao Le', 'Ma Hui']);
    expect(proposalCastNames(proposalSystemMessage(['佐藤美咲', 'Dr. Who']))).toEqual([
      '佐藤美咲',
      'Dr. Who',
    ]);
    expect(proposalCastNames('You are Ling Lu.')).toBeUndefined();
  });
});

describe('proposalWindow', () => {
  it('GIVEN up to 20 spoken lines THEN all of them', () => {
    expect(proposalWindow(longScene(20)).map((l) => l.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('GIVEN more lines THEN the window starts on a block of 10 and keeps that start for 10 new lines', () => {
    const starts = [25, 28, 29, 33, 38, 39].map((count) => proposalWindow(longScene(count))[0]!.seq);
    expect(starts).toEqual([1, 1, 10, 10, 10, 20]);
    for (const count of [25, 28, 29, 38, 39]) {
      const size = proposalWindow(longScene(count)).length;
      expect(size).toBeGreaterThanOrEqual(20);
      expect(size).toBeLessThan(30);
    }
  });
});

describe('parseProposal', () => {
  const cast = [...band, misaki];
  const afterLingLu = proposalCandidates(input([said(mia, 'hm'), spoke(lingLu, 'So.')], { cast }));

  it('GIVEN a display name, with chatter around it THEN that persona', () => {
    expect(parseProposal(' Tao Le', cast, afterLingLu)).toBe(taoLe.id);
    expect(parseProposal('Cheng Yi\nCheng Yi: hey!', cast, afterLingLu)).toBe(chengYi.id);
    expect(parseProposal('I think ma hui.', cast, afterLingLu)).toBe(maHui.id);
  });

  it('GIVEN a Chinese or Japanese name or an alias THEN that persona', () => {
    expect(parseProposal('陶乐', cast, afterLingLu)).toBe(taoLe.id);
    expect(parseProposal('佐藤美咲', cast, afterLingLu)).toBe(misaki.id);
    expect(parseProposal('みさき', cast, afterLingLu)).toBe(misaki.id);
    expect(parseProposal('Misaki', cast, afterLingLu)).toBe(misaki.id);
  });

  it('GIVEN junk, a person or nothing THEN no answer', () => {
    expect(parseProposal('Nobody should speak.', cast, afterLingLu)).toBeUndefined();
    expect(parseProposal('Mia', cast, afterLingLu)).toBeUndefined();
    expect(parseProposal('', cast, afterLingLu)).toBeUndefined();
  });

  it('GIVEN the persona who just spoke (by any name) THEN no answer', () => {
    expect(parseProposal('Ling Lu', cast, afterLingLu)).toBeUndefined();
    expect(parseProposal('凌路', cast, afterLingLu)).toBeUndefined();
  });

  it('GIVEN a muted persona THEN no answer', () => {
    const muted = proposalCandidates(input([said(mia, 'hm')], { cast, settings: { muted: [taoLe.id] } }));
    expect(parseProposal('Tao Le', cast, muted)).toBeUndefined();
    expect(parseProposal('Ling Lu', cast, muted)).toBe(lingLu.id);
  });
});

describe('wantsProposal', () => {
  it('GIVEN a line that addresses nobody THEN the model is asked', () => {
    expect(wantsProposal(input([said(mia, 'What a day.')]))).toBe(true);
    expect(wantsProposal(input([said(mia, 'Hi all'), spoke(lingLu, 'Nice weather.')]))).toBe(true);
  });

  it('GIVEN a line naming a persona or a person THEN addressing decides without the model', () => {
    expect(wantsProposal(input([said(mia, 'Tao Le, tea?')]))).toBe(false);
    expect(wantsProposal(input([said(mia, 'I saw 陶乐 yesterday.')]))).toBe(false);
    expect(
      wantsProposal(input([spoke(lingLu, 'hi'), said(mia, 'hey'), spoke(taoLe, 'Mia, come here.')])),
    ).toBe(false);
  });

  it('GIVEN a silence or forced trigger THEN the model is not asked', () => {
    const history = [said(mia, 'What a day.')];
    expect(wantsProposal(input(history, { trigger: { kind: 'silence', nudgesSoFar: 0 } }))).toBe(false);
    expect(wantsProposal(input(history, { trigger: { kind: 'forced', personaId: lingLu.id } }))).toBe(false);
  });
});
