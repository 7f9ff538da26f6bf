// Who may retake the channel's last persona message, on in-memory ports and a fake clock: admins always
// and without waiting; members only where the channel allows it, then once per cooldown each, per
// server; a retake that would ask the model nothing (nothing to redo, a stale panel, a pick) starts no
// cooldown.
import { describe, expect, it } from 'vitest';
import { budgetOwner } from '../../../../src/core/budget.js';
import type { Text } from '../../../../src/core/text.js';
import {
  admitRetake,
  isCooldownRefusal,
  MEMBER_RETAKE_COOLDOWN_MS,
  type RetakeRequester,
} from '../../../../src/core/capabilities/retake-access.js';
import { memoryCore } from '../../../support/in-memory.js';
import { english } from '../../../support/english.js';
import { makePersona } from '../fixtures.js';

const CHANNEL = 'c1';
const lingLu = makePersona({ id: 'ling-lu', name: 'Ling Lu', profile: 'You are Ling Lu.' });
const admin: RetakeRequester = { memberId: 'mia', isAdmin: true };
const noah: RetakeRequester = { memberId: 'noah', isAdmin: false };
const spend = { spend: true };

async function scene(regenerate: 'admins' | 'everyone', options: { spoken?: boolean } = {}) {
  const core = memoryCore([lingLu]);
  await core.settings.update(CHANNEL, { guildId: 'g1', cast: ['ling-lu'], regenerate });
  if (options.spoken !== false) {
    await core.history.append(CHANNEL, { kind: 'person', speakerId: 'mia', speakerName: 'Mia', text: 'Hi' });
    await core.history.append(CHANNEL, {
      kind: 'persona',
      speakerId: 'ling-lu',
      speakerName: 'Ling Lu',
      text: 'Hey.',
      messageId: 'm1',
      trigger: 'reply',
    });
  }
  return core;
}

/** The refusal's message (the test fails when the retake was let through). */
function refusal(result: Awaited<ReturnType<typeof admitRetake>>): Text {
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
}

describe('admitRetake', () => {
  it('GIVEN the default (admins) THEN an admin may, again and again; a member is told who may and how to open it', async () => {
    const core = await scene('admins');
    expect(await admitRetake(core.deps, CHANNEL, admin, spend)).toMatchObject({ ok: true });
    expect(await admitRetake(core.deps, CHANNEL, admin, spend)).toMatchObject({ ok: true });
    const refused = await admitRetake(core.deps, CHANNEL, noah, spend);
    expect(refused.ok).toBe(false);
    expect(english(refusal(refused))).toMatch(/only admins .*`\/channel regenerate:everyone`/);
  });

  it('GIVEN everyone THEN a member may once, is refused with the time left, and may again once it ran out', async () => {
    const core = await scene('everyone');
    expect(await admitRetake(core.deps, CHANNEL, noah, spend)).toMatchObject({ ok: true });
    core.clock.advance(10_000);
    const refused = await admitRetake(core.deps, CHANNEL, noah, spend);
    expect(isCooldownRefusal(refused)).toBe(true);
    expect(english(refusal(refused))).toBe(
      `You can ask for another version again in ${(MEMBER_RETAKE_COOLDOWN_MS - 10_000) / 1000} seconds.`,
    );
    // Someone else's cooldown is their own; admins never wait.
    expect(await admitRetake(core.deps, CHANNEL, { memberId: 'kai', isAdmin: false }, spend)).toMatchObject({
      ok: true,
    });
    expect(await admitRetake(core.deps, CHANNEL, admin, spend)).toMatchObject({ ok: true });
    core.clock.advance(MEMBER_RETAKE_COOLDOWN_MS - 10_000);
    expect(await admitRetake(core.deps, CHANNEL, noah, spend)).toMatchObject({ ok: true });
  });

  it('GIVEN 400 ms left THEN the refusal says 1 second, not 0', async () => {
    const core = await scene('everyone');
    await admitRetake(core.deps, CHANNEL, noah, spend);
    core.clock.advance(MEMBER_RETAKE_COOLDOWN_MS - 400);
    const refused = await admitRetake(core.deps, CHANNEL, noah, spend);
    expect(english(refusal(refused))).toBe('You can ask for another version again in 1 second.');
  });

  it('GIVEN nothing to redo, a stale panel or a pick THEN no cooldown starts', async () => {
    const empty = await scene('everyone', { spoken: false });
    expect(english(refusal(await admitRetake(empty.deps, CHANNEL, noah, spend)))).toBe(
      'There is no persona message to redo yet.',
    );
    const core = await scene('everyone');
    const stale = await admitRetake(core.deps, CHANNEL, noah, { spend: true, messageId: 'm0' });
    expect(stale.ok).toBe(false);
    expect(english(refusal(stale))).toMatch(/older message/);
    expect(await admitRetake(core.deps, CHANNEL, noah, { spend: false })).toMatchObject({ ok: true });
    expect(await admitRetake(core.deps, CHANNEL, noah, { spend: true, messageId: 'm1' })).toMatchObject({
      ok: true,
    });
    // A pick needs no wait, but the channel must still allow members.
    expect(await admitRetake(core.deps, CHANNEL, noah, { spend: false })).toMatchObject({ ok: true });
    await core.settings.update(CHANNEL, { regenerate: 'admins' });
    expect((await admitRetake(core.deps, CHANNEL, noah, { spend: false })).ok).toBe(false);
  });

  it("GIVEN the server's daily budget spent THEN a member is told so and no cooldown starts: the retake goes through once the budget allows", async () => {
    const core = await scene('everyone');
    const owner = budgetOwner('g1', CHANNEL);
    await core.deps.budget.setCap(owner, 0);
    expect(english(refusal(await admitRetake(core.deps, CHANNEL, noah, spend)))).toMatch(
      /^The daily budget is spent/,
    );
    await core.deps.budget.setCap(owner, undefined);
    expect(await admitRetake(core.deps, CHANNEL, noah, spend)).toMatchObject({ ok: true });
  });
});
