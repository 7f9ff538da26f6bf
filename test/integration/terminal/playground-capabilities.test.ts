// The playground's capability commands on the real core (Redis + BullMQ + simulator): each typed
// command reaches its core function and prints its message.
import { afterEach, describe, expect, it } from 'vitest';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import { receiveLine } from '../../../src/core/receive.js';
import { PLAYGROUND_HELP, runPlaygroundCommand } from '../../../src/terminal/playground-commands.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { english, shown } from '../../support/english.js';

const CHANNEL = 'playground-caps';

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function sceneWithReply() {
  const h = (harness = await startCoreHarness());
  await addToCast(h.core.deps, CHANNEL, 'ling-lu', { greet: false });
  await setSilence(h.core.deps, CHANNEL, undefined);
  await receiveLine(h.core.deps, CHANNEL, {
    kind: 'person',
    speakerId: 'player',
    speakerName: 'You',
    text: 'Ling Lu, play something?',
  });
  await waitFor('a reply', () => h.stage.posts.length === 1);
  await waitFor('stored', async () => (await h.core.history.recent(CHANNEL, 2)).length === 2);
  const run = (input: string) => runPlaygroundCommand(h.core.deps, CHANNEL, input);
  return { h, run };
}

describe('playground capability commands', () => {
  it('GIVEN /help THEN every capability command is listed', () => {
    for (const command of [
      '/alternatives',
      '/pick',
      '/regenerate',
      '/scene once',
      '/lore add',
      '/memory on',
      '/usage',
      '/budget',
      '/failures',
    ]) {
      expect(english(PLAYGROUND_HELP)).toContain(command);
    }
  });

  it('GIVEN /alternatives 3 then /pick 2 THEN the numbered list prints and the pick replaces the reply', async () => {
    const { h, run } = await sceneWithReply();
    // Three asked for: a version repeating the posted reply is left out, so two or three are listed.
    const offered = await run('/alternatives 3');
    expect(offered.ok).toBe(true);
    expect(english(offered.message)).toMatch(
      /^([23]) alternatives for Ling Lu:\n1\. .+\n2\. .+(\n3\. .+)?$/u,
    );
    const second = english(offered.message).split('\n')[2]!.slice('2. '.length);
    expect(shown(await run('/pick 2'))).toEqual({
      ok: true,
      message: "Ling Lu's message now reads alternative 2.",
      line: expect.objectContaining({ text: second }),
    });
    expect(h.stage.edits.at(-1)!.chunks).toEqual([second]);
    expect(shown(await run('/pick x'))).toEqual({ ok: false, message: 'Usage: /pick <number>' });
  });

  it('GIVEN /regenerate THEN the reply is replaced', async () => {
    const { h, run } = await sceneWithReply();
    expect(shown(await run('/regenerate'))).toMatchObject({
      ok: true,
      message: "Ling Lu's message was regenerated.",
    });
    expect(h.stage.edits).toHaveLength(1);
  });

  it('GIVEN /scene, /scene once, /lore and /memory THEN settings and stores change as typed', async () => {
    const { h, run } = await sceneWithReply();
    expect(shown(await run('/scene A rehearsal room.'))).toEqual({ ok: true, message: 'Scene note set.' });
    expect((await h.core.settings.get(CHANNEL)).scene).toBe('A rehearsal room.');
    expect(shown(await run('/scene once It starts to rain'))).toMatchObject({ ok: true });
    expect((await h.core.notes.pending(CHANNEL)).map((n) => n.text)).toEqual(['It starts to rain']);
    expect(shown(await run('/scene clear'))).toEqual({ ok: true, message: 'Scene note cleared.' });
    expect(await h.core.notes.pending(CHANNEL)).toEqual([]);

    expect(shown(await run('/lore add rain, 下雨: Rain floods the basement.'))).toMatchObject({
      ok: true,
      message: 'Lore c1 added for this channel: rain, 下雨.',
    });
    expect(english((await run('/lore list')).message)).toContain(
      'c1: rain, 下雨 → Rain floods the basement.',
    );
    expect(shown(await run('/lore remove c1'))).toEqual({ ok: true, message: 'Lore c1 removed.' });
    expect(shown(await run('/lore remove c1'))).toEqual({ ok: false, message: 'No lore entry c1.' });

    expect(await run('/memory on 60 skip:system,output')).toMatchObject({ ok: true });
    expect((await h.core.settings.get(CHANNEL)).memory).toEqual({
      enabled: true,
      entries: 60,
      skipSaveTypes: ['system', 'output'],
    });
    expect(shown(await run('/memory off'))).toMatchObject({
      ok: true,
      message: 'Long-term memory is off in this channel.',
    });
    expect(await run('/memory default')).toMatchObject({ ok: true });
    expect((await h.core.settings.get(CHANNEL)).memory).toBeUndefined();
  });

  it('GIVEN /usage and /failures THEN the figures and the log print', async () => {
    const { run } = await sceneWithReply();
    expect(english((await run('/usage')).message)).toMatch(
      /^Usage for this channel: 1 request, [\d,]+ prompt tokens/u,
    );
    const failures = await run('/failures');
    expect(failures.ok).toBe(true);
    expect(english(failures.message)).toBe('No failures recorded in this channel.');
  });

  it("GIVEN /budget THEN the playground's spend shows, a cap is set (per UTC day, the playground's own), and a spent one stops the model", async () => {
    const { h, run } = await sceneWithReply();
    expect(english((await run('/budget')).message)).toMatch(
      /^Today \(UTC\) this server has spent an estimated \$0\.\d+\. There is no daily budget/u,
    );
    expect(shown(await run('/budget lots'))).toEqual({
      ok: false,
      message: 'Usage: /budget [<daily cap>|off|show]',
    });
    expect(english((await run('/budget 0')).message)).toBe('A daily budget is from 0.0001 to 1,000,000 USD.');
    const set = await run('/budget set 0.0001');
    expect(set.ok).toBe(true);
    expect(english(set.message)).toContain('The budget is spent');
    const asked = h.simulator.requests.length;
    expect(english((await run('/regenerate')).message)).toMatch(/^The daily budget is spent/u);
    expect(h.simulator.requests).toHaveLength(asked);
    expect(english((await run('/budget off')).message)).toBe(
      "This server's own daily budget is removed: its spending is no longer capped.",
    );
  });
});

describe('playground /cast', () => {
  it('GIVEN a scene under way WHEN /cast add joins a persona, with or without knows:everything THEN it knows from now, or everything', async () => {
    const { h, run } = await sceneWithReply();
    const last = (await h.core.history.recent(CHANNEL, 1)).at(-1)!.seq;
    const joined = await run('/cast add tao-le');
    expect(english(joined.message)).toBe('Tao Le joined the scene.');
    expect((await h.core.settings.get(CHANNEL)).presence).toEqual({ 'tao-le': [{ from: last + 1 }] });

    const knowing = await run('/cast add Ma Hui knows:everything');
    expect(english(knowing.message)).toBe('Ma Hui joined the scene, knowing everything said here before.');
    expect((await h.core.settings.get(CHANNEL)).presence?.['ma-hui']).toBeUndefined();
    expect((await h.core.settings.get(CHANNEL)).cast).toEqual(['ling-lu', 'tao-le', 'ma-hui']);
  });
});
