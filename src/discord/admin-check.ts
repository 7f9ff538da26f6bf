// Who may change personas, the cast, the scene, turns, silence or reset: members with Manage Server
// (Administrator includes it) or one of the configured admin roles. Commands also carry Manage Server as
// their default permission where every use is an admin's, but server admins can override that in
// Integrations, so the check is made again here when the command runs.
import type { Interaction } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import type { RetakeRequester } from '../core/capabilities/retake-access.js';
import { t } from '../i18n/i18n.js';

/** The refusal in English (what tests and the English client read; the router says it in the member's language). */
export const ADMIN_REFUSAL = t('en', 'admin.refusal');

export function isTroupeAdmin(interaction: Interaction, adminRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member?.roles;
  if (!roles || adminRoleIds.length === 0) return false;
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return held.some((id) => adminRoleIds.includes(id));
}

/** Who asks for a retake (/regenerate, /alternatives): the member, and whether they are an admin. */
export function retakeRequester(interaction: Interaction, adminRoleIds: readonly string[]): RetakeRequester {
  return { memberId: interaction.user.id, isAdmin: isTroupeAdmin(interaction, adminRoleIds) };
}
