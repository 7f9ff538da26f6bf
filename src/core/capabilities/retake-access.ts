// Who may ask for another version of the channel's last persona message (/regenerate, /alternatives
// and its Regenerate button): admins always; every member where the channel allows it
// (`/channel regenerate:everyone`). Every retake is a paid model request, so a member (not an admin:
// they hold the key and could open or close retakes anyway) waits MEMBER_RETAKE_COOLDOWN_MS between
// two, in the whole server, whichever process answers. A retake that would ask the model nothing (no
// persona message to redo, a stale panel, a spent daily budget) costs no cooldown.
import type { CoreDeps } from '../deps.js';
import { text } from '../text.js';
import { budgetRefusal } from '../turn/budget-gate.js';
import { refuse, type Outcome, type Refusal } from './outcome.js';
import { findRetakeTarget, type RetakeTarget } from './retake.js';

/** How long a member waits between two retakes they ask for, ms. */
export const MEMBER_RETAKE_COOLDOWN_MS = 30_000;

/** Who asks for a retake. */
export interface RetakeRequester {
  /** The member's platform id: whose cooldown it is. */
  memberId: string;
  /** Admins may always retake, and never wait. */
  isAdmin: boolean;
}

export interface RetakeAdmission {
  /**
   * True when the request goes to the model (/regenerate, /alternatives, the Regenerate button): it
   * needs something to retake and, for a member, starts their cooldown. False for picking one of the
   * versions already offered, which asks the model nothing.
   */
  spend: boolean;
  /** The persona message a panel's Regenerate was made for: refused once it is no longer the last one. */
  messageId?: string;
}

/** A member still waiting: how long, ms (a panel keeps its versions rather than giving way to this). */
export type CooldownRefusal = Refusal & { waitMs: number };

/** Let through: the retake may go ahead (nothing to show). */
export interface Admitted {
  ok: true;
  /**
   * When it spends: what it retakes, found to admit it. Hand it to `regenerate` or `offerAlternatives`,
   * which then need not read it all again.
   */
  target?: RetakeTarget;
}

export function isCooldownRefusal(outcome: Outcome | Admitted): outcome is CooldownRefusal {
  return !outcome.ok && 'waitMs' in outcome;
}

/** Whether `requester` may retake in the channel now; when it spends, their cooldown has started. */
export async function admitRetake(
  deps: CoreDeps,
  channelId: string,
  requester: RetakeRequester,
  admission: RetakeAdmission,
): Promise<Admitted | Refusal | CooldownRefusal> {
  const settings = await deps.settings.get(channelId);
  if (!requester.isAdmin && settings.regenerate !== 'everyone') return refuse(text('retake.adminsOnly'));
  if (!admission.spend) return { ok: true };

  const found = await findRetakeTarget(deps, channelId, settings);
  if (!found.ok) return found;
  const { target } = found;
  if (admission.messageId !== undefined && target.line.messageId !== admission.messageId) {
    return refuse(text('retake.stale'));
  }
  if (requester.isAdmin) return { ok: true, target };
  // A spent budget refuses the retake anyway (retake.ts): say so now, before the wait starts.
  const spent = await budgetRefusal(deps, channelId, settings.guildId);
  if (spent) return refuse(spent);
  const scope = { guildId: settings.guildId, channelId };
  const leftMs = await deps.cooldowns.claim(scope, requester.memberId, MEMBER_RETAKE_COOLDOWN_MS);
  if (leftMs > 0) {
    return { ...refuse(text('retake.cooldown', { count: Math.ceil(leftMs / 1000) })), waitMs: leftMs };
  }
  return { ok: true, target };
}
