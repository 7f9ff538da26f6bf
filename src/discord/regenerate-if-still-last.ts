// The Regenerate button of an /alternatives panel: it was made for one persona message, and a panel can
// be clicked long after (it stays on screen for its token's 15 minutes). Regenerating "the channel's
// last persona message" from a stale panel would rewrite a message nobody was looking at, so the click
// is refused once a newer persona message has been posted. Like /regenerate, it is a retake the clicker
// must be allowed (retake-access.ts: admins, or every member where the channel allows, with a cooldown).
import {
  admitRetake,
  regenerate,
  type CooldownRefusal,
  type Outcome,
  type RetakeRequester,
} from '../core/capabilities/index.js';
import type { CoreDeps } from '../core/deps.js';
import { text, type Text } from '../core/text.js';

/** The refusal of a panel made for an older message (retake-access.ts gives it). */
export const STALE_REGENERATE: Text = text('retake.stale');

export async function regenerateIfStillLast(
  deps: CoreDeps,
  channelId: string,
  messageId: string,
  requester: RetakeRequester,
): Promise<Outcome | CooldownRefusal> {
  const admitted = await admitRetake(deps, channelId, requester, { spend: true, messageId });
  if (!admitted.ok) return admitted;
  return regenerate(deps, channelId, admitted.target);
}
