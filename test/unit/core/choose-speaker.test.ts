// chooseNextSpeaker over in-memory ports and a scripted model: when the `model` strategy asks, what
// it keeps of the answer, and that every failure leaves natural's choice.
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/core/chat.js';
import { chooseNextSpeaker, DIRECTOR_ID, type ChooseDeps } from '../../../src/core/turn/choose-speaker.js';
import { DEFAULT_CORE_OPTIONS } from '../../../src/core/deps.js';
import { decideNextSpeaker } from '../../../src/core/director/index.js';
import type { DirectorInput } from '../../../src/core/director/index.js';
import type { UsageRow } from '../../../src/core/usage.js';
import { MemorySessions, ScriptedModel, silentLogger } from '../../support/in-memory.js';
import { input, lingLu, mia, said, spoke, taoLe } from '../director/fixtures.js';

interface Recorded {
  scope: { guildId?: string; channelId: string; personaId: string };
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number; model?: string };
}

class RecordingUsage {
  readonly recorded: Recorded[] = [];
  async record(scope: Recorded['scope'], usage: Recorded['usage']): Promise<void> {
    this.recorded.push({ scope, usage });
  }
  async rows(): Promise<UsageRow[]> {
    return [];
  }
}

function depsWith(answer: (request: ChatRequest) => string | Error) {
  const model = new ScriptedModel(answer);
  const usage = new RecordingUsage();
  const deps: ChooseDeps = {
    model,
    sessions: new MemorySessions(),
    usage,
    clock: { now: () => Date.UTC(2026, 10, 21, 12) },
    log: silentLogger,
    options: DEFAULT_CORE_OPTIONS,
  };
  return { deps, model, usage };
}

const scope = { channelId: 'c1', guildId: 'g1' };
const unaddressed = (settings: Partial<DirectorInput['settings']> = {}) =>
  input([said(mia, 'What a long day.')], { settings: { strategy: 'model', ...settings } });

describe('chooseNextSpeaker', () => {
  it('GIVEN strategy model and a line addressing nobody THEN the proposed persona speaks, usage under the director', async () => {
    const { deps, model, usage } = depsWith(() => ' Tao Le');
    const decision = await chooseNextSpeaker(deps, unaddressed(), scope);
    expect(decision).toMatchObject({
      speak: true,
      personaId: taoLe.id,
      reason: 'model: Tao Le',
      mode: 'reply',
    });
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.sessionId).toBe(await deps.sessions.get('c1', DIRECTOR_ID));
    expect(usage.recorded).toEqual([
      {
        scope: { channelId: 'c1', guildId: 'g1', personaId: DIRECTOR_ID },
        usage: { promptTokens: 10, completionTokens: 3, cachedTokens: 0, model: 'qwen-plus-character' },
      },
    ]);
  });

  it('GIVEN the director session THEN it is not any persona’s session', async () => {
    const { deps, model } = depsWith(() => 'Tao Le');
    await chooseNextSpeaker(deps, unaddressed(), scope);
    const personaSessions = await Promise.all(['ling-lu', 'tao-le'].map((id) => deps.sessions.get('c1', id)));
    expect(personaSessions).not.toContain(model.requests[0]!.sessionId);
  });

  it('GIVEN junk, the last speaker or a muted persona as the answer THEN natural decides', async () => {
    // Inputs are made twice: the seeded random source is used up by one decision.
    const cases: Array<[string, () => DirectorInput]> = [
      ['Nobody.', () => unaddressed()],
      // Seed 3: natural picks up Ling Lu's line (a persona line passes the talkativeness draw).
      [
        'Ling Lu',
        () =>
          input([said(mia, 'Hm.'), spoke(lingLu, 'Quiet.')], { settings: { strategy: 'model' }, seed: 3 }),
      ],
      ['Tao Le', () => unaddressed({ muted: [taoLe.id] })],
    ];
    for (const [answer, given] of cases) {
      const { deps, model } = depsWith(() => answer);
      expect(await chooseNextSpeaker(deps, given(), scope)).toEqual(decideNextSpeaker(given()));
      expect(model.requests).toHaveLength(1);
    }
  });

  it('GIVEN a model error THEN natural decides and no usage is recorded', async () => {
    const { deps, usage } = depsWith(() => new Error('500'));
    expect(await chooseNextSpeaker(deps, unaddressed(), scope)).toEqual(decideNextSpeaker(unaddressed()));
    expect(usage.recorded).toEqual([]);
  });

  it('GIVEN an addressed persona, a silence or another strategy THEN the model is never asked', async () => {
    const { deps, model } = depsWith(() => 'Tao Le');
    const addressed = input([said(mia, 'Ling Lu, play something?')], { settings: { strategy: 'model' } });
    expect(await chooseNextSpeaker(deps, addressed, scope)).toMatchObject({ personaId: lingLu.id });
    const silence = input([said(mia, 'What a long day.')], {
      settings: { strategy: 'model' },
      trigger: { kind: 'silence', nudgesSoFar: 0 },
    });
    await chooseNextSpeaker(deps, silence, scope);
    await chooseNextSpeaker(deps, input([said(mia, 'What a long day.')]), scope);
    expect(model.requests).toHaveLength(0);
  });

  it('GIVEN natural refuses (paused) THEN the model is never asked', async () => {
    const { deps, model } = depsWith(() => 'Tao Le');
    const decision = await chooseNextSpeaker(deps, unaddressed({ paused: true }), scope);
    expect(decision.speak).toBe(false);
    expect(model.requests).toHaveLength(0);
  });
});
