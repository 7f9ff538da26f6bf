// The turn pipeline's rules, on in-memory ports and a fake clock: at-most-once posting, deciding again
// when a person spoke during generation, cleaning, moderation, staleness.
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/core/errors.js';
import type { Persona } from '../../../src/core/persona.js';
import { receiveLine } from '../../../src/core/receive.js';
import { takeTurn } from '../../../src/core/turn/take-turn.js';
import { shipped } from '../../support/core-harness.js';
import { memoryCore, ScriptedModel } from '../../support/in-memory.js';

const CH = 'c1';
let musicians: Persona[];
beforeAll(async () => {
  musicians = (await shipped()).filter((p) => ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'].includes(p.id));
});

async function setup(model?: ScriptedModel) {
  const core = memoryCore(musicians, { model });
  await core.settings.update(CH, {
    cast: musicians.map((p) => p.id),
    silence: { enabled: false, afterMs: 1000, maxNudges: 2 },
  });
  return core;
}

const personLine = (text: string) => ({
  kind: 'person' as const,
  speakerId: 'u-mia',
  speakerName: 'Mia',
  text,
});

describe('takeTurn', () => {
  it('GIVEN a turn recorded as posting (a crash mid-post) WHEN it runs again THEN nothing is posted twice', async () => {
    const core = await setup();
    await receiveLine(core.deps, CH, personLine('Ling Lu, hi!'));
    await core.ledger.markPosting('turn-x', { personaId: 'ling-lu', text: 'hello', trigger: 'reply' });
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 'turn-x' });
    expect(outcome).toEqual({ kind: 'skipped', reason: 'interrupted while posting' });
    expect(core.stage.posts).toHaveLength(0);
    expect(core.model.requests).toHaveLength(0);
  });

  it('GIVEN a turn posted but not yet stored (a crash after the post) WHEN it runs again THEN the line is stored without posting', async () => {
    const core = await setup();
    await receiveLine(core.deps, CH, personLine('Ling Lu, hi!'));
    await core.ledger.markPosting('turn-y', {
      personaId: 'ling-lu',
      speakerName: 'Ling Lu',
      text: 'Yo, Mia.',
      trigger: 'reply',
      seenSeq: 1,
    });
    await core.ledger.markPosted('turn-y', ['m-77']);
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 'turn-y' });
    expect(outcome.kind).toBe('posted');
    expect(core.stage.posts).toHaveLength(0);
    const last = (await core.history.recent(CH, 5)).at(-1)!;
    expect(last).toMatchObject({
      kind: 'persona',
      speakerId: 'ling-lu',
      speakerName: 'Ling Lu',
      text: 'Yo, Mia.',
      messageId: 'm-77',
      seenSeq: 1,
    });
    // And again: still stored once.
    await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 'turn-y' });
    expect((await core.history.recent(CH, 5)).filter((l) => l.kind === 'persona')).toHaveLength(1);
  });

  it('GIVEN a person speaks while the reply is generated THEN the reply is thrown away and the turn decided again on the new history', async () => {
    let calls = 0;
    const model = new ScriptedModel(() => {
      calls++;
      if (calls === 1)
        void core.history.append(CH, personLine('Wait, Ling Lu, one more thing: bring the guitar.'));
      return calls === 1 ? 'Stale answer.' : 'Fine, I will bring it.';
    });
    // The model's callback runs during the turn, after `core` exists.
    const core = await setup(model);
    await receiveLine(core.deps, CH, personLine('Ling Lu, are you coming?'));
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't1' });
    expect(outcome.kind).toBe('posted');
    expect(core.model.requests).toHaveLength(2);
    const secondPrompt = core.model.requests[1]!.messages.map((m) => m.content);
    expect(secondPrompt).toContain('Mia: Wait, Ling Lu, one more thing: bring the guitar.');
    expect(core.stage.posts.map((p) => p.chunks.join(''))).toEqual(['Fine, I will bring it.']);
  });

  it("GIVEN the model writes another cast member's line THEN only the speaker's part is posted", async () => {
    const core = await setup(new ScriptedModel(() => 'Ling Lu: Fine by me.\nCheng Yi: Me too!'));
    await receiveLine(core.deps, CH, personLine('Ling Lu, dinner at eight?'));
    await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't2' });
    expect(core.stage.posts).toEqual([
      expect.objectContaining({ username: 'Ling Lu', chunks: ['Fine by me.'] }),
    ]);
  });

  it('GIVEN an empty reply THEN the persona stays silent (never an empty post)', async () => {
    const core = await setup(new ScriptedModel(() => '  Ling Lu:  '));
    await receiveLine(core.deps, CH, personLine('Ling Lu?'));
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't3' });
    expect(outcome).toMatchObject({ kind: 'silent', reason: 'empty reply' });
    expect(core.stage.posts).toHaveLength(0);
  });

  it('GIVEN a moderation rejection and a moderation line THEN the persona says its line in character', async () => {
    const core = await setup(new ScriptedModel(() => new ModelError('moderation', 'rejected')));
    const lingLu = musicians.find((p) => p.id === 'ling-lu')!;
    core.deps.personas = {
      get: async (id) =>
        id === 'ling-lu'
          ? { ...lingLu, moderationLine: '(snorts) Not touching that one.' }
          : musicians.find((p) => p.id === id),
      list: async () => musicians,
    };
    await receiveLine(core.deps, CH, personLine('Ling Lu, say something awful.'));
    await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't4' });
    expect(core.stage.posts.map((p) => p.chunks.join(''))).toEqual(['(snorts) Not touching that one.']);
  });

  it('GIVEN a newer line has its own turn THEN the older turn is skipped', async () => {
    const core = await setup();
    await receiveLine(core.deps, CH, personLine('Ling Lu, hello.'));
    await receiveLine(core.deps, CH, personLine('Cheng Yi, you too.'));
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't5' });
    expect(outcome).toEqual({ kind: 'skipped', reason: 'a newer line has its own turn' });
    expect(core.model.requests).toHaveLength(0);
  });

  it("GIVEN a person's line that begins with a persona's name THEN the model sees it as the person's", async () => {
    const core = await setup();
    await receiveLine(core.deps, CH, personLine('Ling Lu: I quit'));
    await takeTurn(core.deps, CH, { kind: 'forced', personaId: 'cheng-yi', nonce: 'n' }, { turnId: 't6' });
    const messages = core.model.requests[0]!.messages;
    expect(messages).toContainEqual({ role: 'user', content: 'Mia: Ling Lu: I quit' });
    expect(messages.at(-1)).toEqual({ role: 'assistant', content: 'Cheng Yi:', partial: true });
    const stored = (await core.history.recent(CH, 5))[0]!;
    expect(stored).toMatchObject({ kind: 'person', speakerName: 'Mia', text: 'Ling Lu: I quit' });
  });
});
