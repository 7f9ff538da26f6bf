// The Regenerate button of an /alternatives panel: it was made for one persona message, and a panel can
// be clicked long after (it stays on screen for its token's 15 minutes). Regenerating "the channel's
// last persona message" from a stale panel would rewrite a message nobody was looking at, so the click
// is refused once a newer persona message has been posted.
import { regenerate, type Outcome } from '../core/capabilities/index.js';
import { findRetakeTarget } from '../core/capabilities/retake.js';
import type { CoreDeps } from '../core/deps.js';

export const STALE_REGENERATE =
  'That panel was for an older message: a persona has spoken since. Run `/regenerate` or `/alternatives` again.';

export async function regenerateIfStillLast(
  deps: CoreDeps,
  channelId: string,
  messageId: string,
): Promise<Outcome> {
  const found = await findRetakeTarget(deps, channelId);
  if (found.ok && found.target.line.messageId !== messageId) return { ok: false, message: STALE_REGENERATE };
  return regenerate(deps, channelId);
}
