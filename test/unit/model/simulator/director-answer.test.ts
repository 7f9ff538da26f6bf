// The simulator's stand-in director: it reads the core's proposal request and guesses A-B-A, so the
// `model` strategy can be exercised offline (its accuracy means nothing about a real model).
import { describe, expect, it } from 'vitest';
import { buildProposalRequest } from '../../../../src/core/director/model-proposal.js';
import { directorAnswer } from '../../../../src/model/simulator/director-answer.js';
import { band, lingLu, mia, said, spoke, taoLe } from '../../director/fixtures.js';
import type { Line } from '../../../../src/core/line.js';

function messagesFor(history: Line[]) {
  return buildProposalRequest({ history, cast: band, model: 'm', sessionId: 's', prefixMode: 'partial' })
    .messages;
}

describe('directorAnswer', () => {
  it('GIVEN A, B THEN it names A (the speaker before the last), skipping the last speaker’s other lines', () => {
    expect(directorAnswer(messagesFor([spoke(taoLe, 'hi'), spoke(lingLu, 'hey')]))).toBe('Tao Le');
    const history = [spoke(taoLe, 'hi'), said(mia, 'one'), said(mia, 'two')];
    expect(directorAnswer(messagesFor(history))).toBe('Tao Le');
  });

  it('GIVEN the speaker before last is a person or there is none THEN the first offered name not just heard', () => {
    expect(directorAnswer(messagesFor([said(mia, 'hi'), spoke(lingLu, 'hey')]))).toBe('Cheng Yi');
    expect(directorAnswer(messagesFor([said(mia, 'hi')]))).toBe('Ling Lu');
  });

  it('GIVEN a persona’s turn request THEN it is not a director request', () => {
    expect(
      directorAnswer([
        { role: 'system', content: 'You are Ling Lu, a singer.' },
        { role: 'user', content: 'Mia: hi' },
      ]),
    ).toBeUndefined();
  });
});
