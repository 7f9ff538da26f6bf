// A reply the stage could not post is dropped, never posted twice, and never silently: a warning with
// the platform's code, a `post_failed` entry for /failures, one notice to the channel's admins an hour;
// the part of a split reply that did reach the channel is what history keeps.
import { beforeAll, describe, expect, it } from 'vitest';
import { StagePostError } from '../../../src/core/errors.js';
import type { Persona } from '../../../src/core/persona.js';
import type { CoreLogger, PostedMessage, Stage } from '../../../src/core/ports.js';
import { receiveLine } from '../../../src/core/receive.js';
import { DROPPED_REPLY_NOTICE_INTERVAL_MS } from '../../../src/core/turn/dropped-reply.js';
import { takeTurn } from '../../../src/core/turn/take-turn.js';
import { shipped } from '../../support/core-harness.js';
import { english } from '../../support/english.js';
import type { RecordingNotices } from '../../support/in-memory-stores.js';
import { memoryCore, ScriptedModel } from '../../support/in-memory.js';

const CH = 'c1';
let musicians: Persona[];
beforeAll(async () => {
  musicians = (await shipped()).filter((p) => ['ling-lu', 'tao-le'].includes(p.id));
});

/** Every log call, with its level, bindings (of the child loggers too) and message. */
function recordingLogger(entries: Array<{ level: string; fields: object; message: string }>): CoreLogger {
  const make = (bound: object): CoreLogger => {
    const at =
      (level: string) =>
      (fields: object, message?: string): void => {
        entries.push({ level, fields: { ...bound, ...fields }, message: message ?? '' });
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (bindings: object) => make({ ...bound, ...bindings }),
    } as CoreLogger;
  };
  return make({});
}

/** A stage that refuses every post with `error`. */
class RefusingStage implements Stage {
  posts = 0;
  constructor(private readonly error: () => Error) {}
  async typing(): Promise<void> {}
  async post(): Promise<PostedMessage> {
    this.posts++;
    throw this.error();
  }
  async edit(): Promise<PostedMessage> {
    throw this.error();
  }
}

async function setup(stage: Stage, reply = 'Not now.') {
  const core = memoryCore(musicians, { model: new ScriptedModel(() => reply) });
  await core.settings.update(CH, {
    cast: ['ling-lu'],
    silence: { enabled: false, afterMs: 1000, maxNudges: 2 },
  });
  const logs: Array<{ level: string; fields: object; message: string }> = [];
  core.deps.stage = stage;
  core.deps.log = recordingLogger(logs);
  return { core, logs, notices: core.deps.notices as RecordingNotices };
}

const personLine = (text: string) => ({
  kind: 'person' as const,
  speakerId: 'u-mia',
  speakerName: 'Mia',
  text,
});

describe('a reply the stage cannot post', () => {
  it('GIVEN Discord refuses the post THEN nothing is stored, the drop is logged at warn with the code, kept for /failures, and the admins are told once', async () => {
    const stage = new RefusingStage(
      () => new StagePostError('webhook post failed: Missing Access', 50001, 403),
    );
    const { core, logs, notices } = await setup(stage);
    await receiveLine(core.deps, CH, personLine('Ling Lu, hi!'));
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't1' });
    expect(outcome).toEqual({ kind: 'silent', personaId: 'ling-lu', reason: 'the post failed' });
    expect((await core.history.recent(CH, 5)).filter((l) => l.kind === 'persona')).toEqual([]);
    expect(logs.filter((l) => l.level === 'warn')).toContainEqual(
      expect.objectContaining({
        message: 'reply dropped: the post failed',
        fields: expect.objectContaining({ code: 50001, status: 403, channelId: CH, personaId: 'ling-lu' }),
      }),
    );
    expect(await core.deps.failures.recent(CH, 5)).toEqual([
      expect.objectContaining({
        code: 'post_failed',
        personaId: 'ling-lu',
        platformCode: 50001,
        retryable: false,
      }),
    ]);
    expect(notices.notices.map((n) => english(n.text))).toEqual([
      'A reply from Ling Lu could not be posted here (Discord error 50001) and was dropped. An admin can see the details with /failures. This notice repeats at most once an hour.',
    ]);

    // Run again (a retried job): the ledger says it reached the post, so it is never posted twice.
    const again = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't1' });
    expect(again).toEqual({ kind: 'skipped', reason: 'interrupted while posting' });
    expect(stage.posts).toBe(1);
  });

  it('GIVEN replies dropped again within the hour THEN one notice; after the hour THEN another', async () => {
    const stage = new RefusingStage(
      () => new StagePostError('webhook post failed: fetch failed', undefined, undefined),
    );
    const { core, notices } = await setup(stage);
    for (const [i, text] of ['Ling Lu?', 'Ling Lu??'].entries()) {
      await receiveLine(core.deps, CH, personLine(text));
      await takeTurn(core.deps, CH, { kind: 'line', seq: i + 1 }, { turnId: `t${i}` });
    }
    expect(notices.notices).toHaveLength(1);
    expect(english(notices.notices[0]!.text)).toMatch(/could not be posted here \(Discord did not answer\)/);
    core.clock.advance(DROPPED_REPLY_NOTICE_INTERVAL_MS);
    await receiveLine(core.deps, CH, personLine('Ling Lu???'));
    await takeTurn(core.deps, CH, { kind: 'line', seq: 3 }, { turnId: 't3' });
    expect(notices.notices).toHaveLength(2);
    expect((await core.deps.failures.recent(CH, 10)).map((f) => f.code)).toEqual([
      'post_failed',
      'post_failed',
      'post_failed',
    ]);
  });

  it('GIVEN the stage already told the admins why (a webhook cap) THEN the drop is kept for /failures but not announced again', async () => {
    const stage = new RefusingStage(
      () => new StagePostError('no webhook in channel: 30007', 30007, 400, [], true),
    );
    const { core, notices } = await setup(stage);
    await receiveLine(core.deps, CH, personLine('Ling Lu, hi!'));
    await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't1' });
    expect(notices.notices).toEqual([]);
    expect((await core.deps.failures.recent(CH, 5)).map((f) => [f.code, f.platformCode])).toEqual([
      ['post_failed', 30007],
    ]);
  });

  it('GIVEN a split reply whose second part fails THEN history keeps the part the channel shows', async () => {
    const stage = new RefusingStage(
      () => new StagePostError('webhook post failed: HTTP 500', undefined, 500, ['m-1']),
    );
    const long = `${'a'.repeat(1500)}\n\n${'b'.repeat(1500)}`;
    const { core } = await setup(stage, long);
    await receiveLine(core.deps, CH, personLine('Ling Lu, tell me everything.'));
    const outcome = await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't1' });
    expect(outcome.kind).toBe('posted');
    expect((await core.deps.failures.recent(CH, 5)).map((f) => f.platformCode)).toEqual(['HTTP 500']);
    const line = (await core.history.recent(CH, 5)).at(-1)!;
    expect(line).toMatchObject({ kind: 'persona', messageId: 'm-1', text: 'a'.repeat(1500) });
    expect(await core.ledger.get('t1')).toMatchObject({ state: 'posted', messageIds: ['m-1'] });
  });

  it('GIVEN a turn found mid-post (a crash) THEN /failures says the reply may be missing', async () => {
    const { core } = await setup(new RefusingStage(() => new Error('never called')));
    await receiveLine(core.deps, CH, personLine('Ling Lu, hi!'));
    await core.ledger.markPosting('t9', { personaId: 'ling-lu', text: 'hello', trigger: 'reply' });
    await takeTurn(core.deps, CH, { kind: 'line', seq: 1 }, { turnId: 't9' });
    expect((await core.deps.failures.recent(CH, 5)).map((f) => f.code)).toEqual(['post_interrupted']);
  });
});
