// When the channel goes quiet: someone speaks up, someone other than the last speaker, and only up to
// the nudge cap.
import { describe, expect, it } from 'vitest';
import { decideNextSpeaker } from '../../../src/core/director/index.js';
import type { DirectorTrigger } from '../../../src/core/director/index.js';
import { band, chengYi, input, lingLu, makePersona, mia, said, spoke, taoLe } from './fixtures.js';

const silence = (nudgesSoFar: number): DirectorTrigger => ({ kind: 'silence', nudgesSoFar });
const history = [said(mia, 'brb'), spoke(lingLu, 'ok, see you')];

describe('speaking up after a silence', () => {
  it('GIVEN a quiet channel THEN a persona other than the last speaker continues the scene', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const decision = decideNextSpeaker(input(history, { trigger: silence(0), seed }));
      expect(decision).toMatchObject({ speak: true, mode: 'continue' });
      expect(decision.speak && decision.personaId).not.toBe('ling-lu');
    }
  });

  it('GIVEN the nudge cap is reached THEN nobody speaks up', () => {
    expect(decideNextSpeaker(input(history, { trigger: silence(2) }))).toEqual({
      speak: false,
      reason: 'nobody: nudge cap: 2 unanswered nudges',
    });
    expect(decideNextSpeaker(input(history, { trigger: silence(1) })).speak).toBe(true);
    const looser = { silence: { enabled: true, afterMs: 60_000, maxNudges: 5 } };
    expect(decideNextSpeaker(input(history, { trigger: silence(4), settings: looser })).speak).toBe(true);
  });

  it('GIVEN silence nudges are off, the channel is paused or manual, or the cast is empty THEN nobody', () => {
    const off = { silence: { enabled: false, afterMs: 90_000, maxNudges: 2 } };
    expect(decideNextSpeaker(input(history, { trigger: silence(0), settings: off })).speak).toBe(false);
    expect(decideNextSpeaker(input(history, { trigger: silence(0), settings: { paused: true } })).speak).toBe(
      false,
    );
    expect(
      decideNextSpeaker(input(history, { trigger: silence(0), settings: { strategy: 'manual' } })).speak,
    ).toBe(false);
    expect(decideNextSpeaker(input(history, { trigger: silence(0), cast: [] })).speak).toBe(false);
  });

  it('GIVEN personas with talkativeness 0 THEN they never speak up on their own', () => {
    const quiet = band.map((p) => ({ ...p, talkativeness: 0 }));
    expect(decideNextSpeaker(input(history, { trigger: silence(0), cast: quiet }))).toEqual({
      speak: false,
      reason: 'nobody: nobody is talkative enough to speak up',
    });
  });

  it('GIVEN a scene about one persona THEN that persona speaks up most often', () => {
    const scene = [
      said(mia, 'Tao Le wrote this?'),
      spoke(chengYi, 'Tao Le did, yes'),
      said(mia, 'wow, Tao Le is good'),
      spoke(lingLu, 'hm'),
    ];
    const counts = new Map<string, number>();
    for (let seed = 1; seed <= 400; seed++) {
      const decision = decideNextSpeaker(input(scene, { trigger: silence(0), seed }));
      if (decision.speak) counts.set(decision.personaId, (counts.get(decision.personaId) ?? 0) + 1);
    }
    const [top] = [...counts].sort((a, b) => b[1] - a[1]);
    expect(top?.[0]).toBe(taoLe.id);
  });

  it('GIVEN a cast of one who spoke last THEN it may still speak up', () => {
    const solo = [makePersona({ id: 'solo', name: 'Solo' })];
    const decision = decideNextSpeaker(
      input([said(mia, 'hi'), spoke(solo[0] ?? lingLu, 'hi')], { cast: solo, trigger: silence(0) }),
    );
    expect(decision).toMatchObject({ speak: true, personaId: 'solo' });
  });
});
