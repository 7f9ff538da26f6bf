// Who may change personas, the cast, the scene, turns, silence or reset: members with Manage Server
// (Administrator includes it) or one of the configured admin roles. Commands also carry Manage Server as
// their default permission where every use is an admin's, but server admins can override that in
// Integrations, so the check is made again here when the command runs.
import type { Interaction } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';

export const ADMIN_REFUSAL =
  'Only members with the **Manage Server** permission (or a Troupe admin role) can change this.';

export function isTroupeAdmin(interaction: Interaction, adminRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member?.roles;
  if (!roles || adminRoleIds.length === 0) return false;
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return held.some((id) => adminRoleIds.includes(id));
}
