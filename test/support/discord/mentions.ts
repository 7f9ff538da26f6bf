// Who a message notifies. Discord parses <@id>, <@&id>, @everyone and @here from the content and then
// lets only what `allowed_mentions` allows through; when it is absent, regular messages parse all
// three kinds but webhooks and interaction responses parse only users (message.mdx, "Default Settings
// for Allowed Mentions"). The result is recorded as `pinged`, so a test can prove a persona's
// "@everyone" pinged nobody.
import type { APIAllowedMentions } from 'discord-api-types/v10';
import { AllowedMentionsTypes } from 'discord-api-types/v10';
import { invalidForm } from './errors.js';
import type { DiscordState, Pinged } from './state.js';

const USER_MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;
const EVERYONE_MENTION = /@(everyone|here)\b/;
const MAX_EXPLICIT_IDS = 100;

export const PARSE_ALL = [
  AllowedMentionsTypes.User,
  AllowedMentionsTypes.Role,
  AllowedMentionsTypes.Everyone,
];
export const PARSE_USERS_ONLY = [AllowedMentionsTypes.User];

export interface MentionInput {
  content: string;
  guildId?: string;
  /** What the sender passed; undefined means "use the default for this kind of sender". */
  allowedMentions?: APIAllowedMentions;
  /** PARSE_ALL for bot and user messages, PARSE_USERS_ONLY for webhooks and interactions. */
  defaultParse: readonly AllowedMentionsTypes[];
  /** Whether the sender holds MentionEveryone (which also lets it ping unmentionable roles). */
  canMentionEveryone: boolean;
  /** The author of the message being replied to, if this is a reply. */
  repliedUserId?: string;
}

/** Throws 400 Invalid Form Body for allowed_mentions Discord would refuse. */
export function validateAllowedMentions(allowed: APIAllowedMentions | undefined): void {
  if (!allowed) return;
  const parse = allowed.parse ?? [];
  for (const [kind, ids] of [
    [AllowedMentionsTypes.User, allowed.users],
    [AllowedMentionsTypes.Role, allowed.roles],
  ] as const) {
    if (ids && ids.length > 0 && parse.includes(kind)) {
      throw invalidForm('allowed_mentions', {
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
    if (ids && ids.length > MAX_EXPLICIT_IDS) {
      throw invalidForm(`allowed_mentions.${kind}`, {
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${MAX_EXPLICIT_IDS} or fewer in length.`,
      });
    }
  }
}

export function resolvePings(state: DiscordState, input: MentionInput): Pinged {
  const allowed = input.allowedMentions;
  const parse = allowed ? (allowed.parse ?? []) : input.defaultParse;
  const allowedUsers = new Set(allowed?.users ?? []);
  const allowedRoles = new Set(allowed?.roles ?? []);

  const users = unique([...input.content.matchAll(USER_MENTION)].map((m) => m[1] ?? ''))
    .filter((id) => state.users.has(id))
    .filter((id) => parse.includes(AllowedMentionsTypes.User) || allowedUsers.has(id));
  // A reply pings its author unless allowed_mentions is given without replied_user: true.
  const repliedPings = input.repliedUserId && (allowed ? allowed.replied_user === true : true);
  if (repliedPings && input.repliedUserId && !users.includes(input.repliedUserId)) {
    users.push(input.repliedUserId);
  }

  const roles = unique([...input.content.matchAll(ROLE_MENTION)].map((m) => m[1] ?? '')).filter((id) => {
    const role = state.roles.get(id);
    if (!role || role.guildId !== input.guildId) return false;
    if (!parse.includes(AllowedMentionsTypes.Role) && !allowedRoles.has(id)) return false;
    return role.mentionable || input.canMentionEveryone;
  });

  const everyone =
    EVERYONE_MENTION.test(input.content) &&
    parse.includes(AllowedMentionsTypes.Everyone) &&
    input.canMentionEveryone &&
    input.guildId !== undefined;

  return { everyone, users, roles };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
