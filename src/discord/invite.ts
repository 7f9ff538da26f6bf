// The invite link for the bot, with exactly the permissions Troupe uses: see the channel and its
// history, post (also in threads), manage the channel's webhook (the personas speak through it), and
// slash commands. Nothing else: Troupe never deletes people's messages or manages roles.
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ManageWebhooks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
