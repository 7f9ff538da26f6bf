// A person's line stored while a persona's reply is being posted (after the reply was generated, before
// it is in history) is answered: the reply did not see it, so it must not count as answered by it.
// Real Discord takes 100–500 ms to post through a webhook; on a busy channel people speak in that time.
import { afterEach, expect, it } from 'vitest';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import type { Persona } from '../../../src/core/persona.js';
import type { PostedMessage } from '../../../src/core/ports.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { RecordingStage } from '../../support/in-memory.js';
import { sleep, waitFor } from '../../support/wait-for.js';

const CHANNEL = 'posting-chan';
let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Runs `during` inside the first post, as if a person's message arrived while Discord was posting. */
class SlowFirstPost extends RecordingStage {
  during?: () => Promise<void>;
  override async post(channelId: string, persona: Persona, chunks: string[]): Promise<PostedMessage> {
    const hook = this.during;
    this.during = undefined;
    if (hook) await hook();
    return super.post(channelId, persona, chunks);
  }
}

const say = (h: CoreHarness, text: string) =>
  receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'user-mia', speakerName: 'Mia', text });

const lastUserLine = (body: unknown): string | undefined =>
  (body as { messages: Array<{ role: string; content: string }> }).messages
    .filter((m) => m.role === 'user')
    .at(-1)?.content;

it('GIVEN a line addressed to another persona arrives while a reply is posted THEN that persona answers it, having read both', async () => {
  const stage = new SlowFirstPost();
  harness = await startCoreHarness({ stage });
  for (const id of ['ling-lu', 'tao-le']) await addToCast(harness.core.deps, CHANNEL, id, { greet: false });
  await harness.core.settings.update(CHANNEL, { minPersonaGapMs: 100 });
  await setSilence(harness.core.deps, CHANNEL, undefined);
  stage.during = async () => {
    await say(harness!, 'Tao Le, what do you think of the new song?');
  };

  await say(harness, 'Ling Lu, play us something.');
  await waitFor('two replies', () => stage.posts.length >= 2, 20_000);
  await sleep(600); // longer than the debounce: a third reply would have started by now

  expect(stage.posts.map((p) => p.personaId)).toEqual(['ling-lu', 'tao-le']);
  const requests = harness.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(lastUserLine(requests.at(-1)!.body)).toBe('Mia: Tao Le, what do you think of the new song?');
});
