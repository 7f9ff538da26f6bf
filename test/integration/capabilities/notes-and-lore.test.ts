// Supplementary information on real Redis + BullMQ + the simulator: the scene note, one-time notes
// (consumed by the turn that posts, not by one thrown away) and keyword-triggered lore, all in one system
// message just before the last unanswered line, with the top system message untouched.
import { afterEach, describe, expect, it } from 'vitest';
import { shown } from '../../support/english.js';
import { addLore } from '../../../src/core/capabilities/lore-admin.js';
import { sceneOnce, setSceneNote } from '../../../src/core/capabilities/scene-notes.js';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import { personaSchema, type Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { receiveLine } from '../../../src/core/receive.js';
import { shipped, startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';

const CHANNEL = 'chan-notes';
type Body = { messages: Array<{ role: string; content: string; partial?: boolean }> };

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function soloScene(personas?: Persona[]) {
  const h = (harness = await startCoreHarness(personas ? { personas } : {}));
  await addToCast(h.core.deps, CHANNEL, 'ling-lu', { greet: false });
  await setSilence(h.core.deps, CHANNEL, undefined);
  return h;
}

const say = (h: CoreHarness, text: string) =>
  receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'u-mia', speakerName: 'Mia', text });

async function lingLu(): Promise<Persona> {
  return (await shipped()).find((p) => p.id === 'ling-lu')!;
}

describe('scene note and one-time notes', () => {
  it('GIVEN a scene note and a one-time note THEN the next turn carries both in one system message before the line, and only that turn', async () => {
    const h = await soloScene();
    await setSceneNote(h.core.deps, CHANNEL, 'A rehearsal room after midnight.');
    expect(shown(await sceneOnce(h.core.deps, CHANNEL, 'It starts to rain'))).toMatchObject({
      ok: true,
      message: 'Noted for the next turn only.',
    });
    await say(h, 'Ling Lu, are we still recording tonight?');
    await waitFor('the reply', () => h.stage.posts.length === 1);

    const system = buildSystemMessage(await lingLu(), [await lingLu()]);
    expect((h.simulator.lastRequest()!.body as Body).messages).toEqual([
      { role: 'system', content: system },
      { role: 'system', content: 'A rehearsal room after midnight.\n\nIt starts to rain' },
      { role: 'user', content: 'Mia: Ling Lu, are we still recording tonight?' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ]);
    // The simulator takes the note up, as the real model does.
    expect(h.stage.posts[0]!.chunks.join('\n')).toContain('It starts to rain.');
    // Consumed once the turn has posted: just after the post, so wait for it rather than race it.
    await waitFor(
      'the one-time note consumed',
      async () => (await h.core.notes.pending(CHANNEL)).length === 0,
    );

    await say(h, 'Ling Lu, and now?');
    await waitFor('the second reply', () => h.stage.posts.length === 2);
    const second = (h.simulator.lastRequest()!.body as Body).messages;
    expect(second[0]).toEqual({ role: 'system', content: system });
    expect(second.filter((m) => m.role === 'system').map((m) => m.content)).toEqual([
      system,
      'A rehearsal room after midnight.',
    ]);
    expect(second.at(-3)).toEqual({ role: 'system', content: 'A rehearsal room after midnight.' });
  });

  it('GIVEN a turn thrown away because a person spoke THEN the one-time note waits for the turn that posts', async () => {
    const h = await soloScene();
    h.simulator.setLatency(400);
    await sceneOnce(h.core.deps, CHANNEL, 'The power goes out');
    const firstRequest = h.simulator.waitForRequest();
    await say(h, 'Ling Lu, play the bridge for me.');
    await firstRequest;
    await say(h, 'Actually, the chorus first.');
    await waitFor('one reply', () => h.stage.posts.length === 1, 10_000);

    const chats = h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
    expect(chats.length).toBeGreaterThanOrEqual(2);
    for (const request of chats) {
      expect((request.body as Body).messages).toContainEqual({
        role: 'system',
        content: 'The power goes out',
      });
    }
    // The posted turn answered the newest line, with the note right before it.
    expect((chats.at(-1)!.body as Body).messages.slice(-3)).toEqual([
      { role: 'system', content: 'The power goes out' },
      { role: 'user', content: 'Mia: Actually, the chorus first.' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ]);
    expect(h.stage.posts).toHaveLength(1);
    await waitFor('the note consumed', async () => (await h.core.notes.pending(CHANNEL)).length === 0);
  });
});

describe('lore entries', () => {
  it("GIVEN the persona's own lore and channel lore THEN a line naming their keys (any case, Chinese substrings) adds both; another persona's entry stays out", async () => {
    const base = await lingLu();
    const withLore = personaSchema.parse({
      ...base,
      lore: [{ keys: ['festival'], text: 'Ling Lu once walked off the festival stage mid-song.' }],
    });
    const others = (await shipped()).filter((p) => p.id !== 'ling-lu');
    const h = await soloScene([withLore, ...others]);
    const rain = await addLore(h.core.deps, CHANNEL, {
      keys: ['rain', '下雨'],
      text: 'Rain floods the studio basement every spring.',
      scope: 'channel',
    });
    expect(rain).toMatchObject({ ok: true, entry: { id: 'c1' } });
    await addLore(h.core.deps, CHANNEL, {
      keys: ['festival'],
      text: 'Cheng Yi wrote the festival anthem.',
      scope: 'channel',
      personas: ['Cheng Yi'],
    });

    await say(h, 'Ling Lu, the FESTIVAL is Saturday and the rain will not stop.');
    await waitFor('the reply', () => h.stage.posts.length === 1);
    expect((h.simulator.lastRequest()!.body as Body).messages.at(-3)).toEqual({
      role: 'system',
      content:
        'Ling Lu once walked off the festival stage mid-song.\n\nRain floods the studio basement every spring.',
    });

    await say(h, '凌路，外面下雨了。');
    await waitFor('the second reply', () => h.stage.posts.length === 2);
    // The festival line is still among the newest lines; the newer rain line ranks its entry first.
    expect((h.simulator.lastRequest()!.body as Body).messages.at(-3)).toEqual({
      role: 'system',
      content:
        'Rain floods the studio basement every spring.\n\nLing Lu once walked off the festival stage mid-song.',
    });
  });
});
