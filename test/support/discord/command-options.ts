// Turns a test's `{ persona: 'ling', count: 3 }` into the typed option list Discord would send for a
// registered command, using the command's own option definitions (types, subcommands, required
// options) and filling `resolved` for user, role, channel and mentionable options. A test that names
// an option the command does not have fails here, not deep inside the bot.
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIInteractionDataResolved,
  APIInteractionDataResolvedChannel,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { ServerContext } from './context.js';
import { storeAttachment } from './messages.js';
import type { AttachmentInput } from './people.js';
import { toUploadedFile } from './people.js';
import { apiRole, apiUser, partialMember } from './payloads.js';
import { channelPermissions } from './permissions.js';

/** Option values by name; an attachment option takes the file itself, uploaded as the client would. */
export type OptionValues = Record<string, string | number | boolean | AttachmentInput>;

export interface OptionRequest {
  subcommand?: string;
  subcommandGroup?: string;
  values: OptionValues;
  /** Autocomplete: the option being typed in; its value is sent as a string with `focused: true`. */
  focused?: string;
  /** Required options may be missing while autocompleting. */
  requireAll: boolean;
  guildId?: string;
  channelId: string;
  /** The invoking user: resolved channels carry their permissions there. */
  userId: string;
}

export function buildOptions(
  ctx: ServerContext,
  command: APIApplicationCommand,
  request: OptionRequest,
): { options: APIApplicationCommandInteractionDataOption[]; resolved: APIInteractionDataResolved } {
  const resolved: APIInteractionDataResolved = {};
  let defs = command.options ?? [];
  const wrap: ((
    inner: APIApplicationCommandInteractionDataOption[],
  ) => APIApplicationCommandInteractionDataOption)[] = [];
  if (request.subcommandGroup) {
    const group = findDef(
      defs,
      request.subcommandGroup,
      ApplicationCommandOptionType.SubcommandGroup,
      command.name,
    );
    defs = 'options' in group ? (group.options ?? []) : [];
    wrap.push(
      (inner) =>
        ({
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: group.name,
          options: inner,
        }) as APIApplicationCommandInteractionDataOption,
    );
  }
  if (request.subcommand) {
    const sub = findDef(defs, request.subcommand, ApplicationCommandOptionType.Subcommand, command.name);
    defs = 'options' in sub ? (sub.options ?? []) : [];
    wrap.push(
      (inner) =>
        ({
          type: ApplicationCommandOptionType.Subcommand,
          name: sub.name,
          options: inner,
        }) as APIApplicationCommandInteractionDataOption,
    );
  }
  if (
    defs.some(
      (d) =>
        d.type === ApplicationCommandOptionType.Subcommand ||
        d.type === ApplicationCommandOptionType.SubcommandGroup,
    )
  ) {
    throw new Error(`/${command.name} needs a subcommand (${defs.map((d) => d.name).join(', ')})`);
  }
  for (const name of Object.keys(request.values)) {
    if (!defs.some((d) => d.name === name)) throw new Error(`/${command.name} has no option "${name}"`);
  }
  let options: APIApplicationCommandInteractionDataOption[] = [];
  for (const def of defs) {
    const value = request.values[def.name];
    if (value === undefined) {
      if (request.requireAll && 'required' in def && def.required) {
        throw new Error(`/${command.name} option "${def.name}" is required`);
      }
      continue;
    }
    if (request.focused === def.name) {
      options.push({
        type: def.type,
        name: def.name,
        value: String(value),
        focused: true,
      } as APIApplicationCommandInteractionDataOption);
      continue;
    }
    options.push({
      type: def.type,
      name: def.name,
      value: resolveValue(ctx, def, value, resolved, request),
    } as APIApplicationCommandInteractionDataOption);
  }
  for (const w of wrap.reverse()) options = [w(options)];
  return { options, resolved };
}

function findDef(
  defs: APIApplicationCommandOption[],
  name: string,
  type: ApplicationCommandOptionType,
  commandName: string,
): APIApplicationCommandOption {
  const def = defs.find((d) => d.name === name && d.type === type);
  if (!def) throw new Error(`/${commandName} has no subcommand (group) "${name}"`);
  return def;
}

function resolveValue(
  ctx: ServerContext,
  def: APIApplicationCommandOption,
  value: OptionValues[string],
  resolved: APIInteractionDataResolved,
  request: OptionRequest,
): string | number | boolean {
  if (def.type === ApplicationCommandOptionType.Attachment) {
    if (typeof value !== 'object')
      throw new Error(`Option "${def.name}" takes a file: { filename, content }`);
    const attachment = storeAttachment(ctx, request.channelId, toUploadedFile(value));
    resolved.attachments = { ...resolved.attachments, [attachment.id]: attachment };
    return attachment.id;
  }
  if (typeof value === 'object') throw new Error(`Option "${def.name}" does not take a file`);
  switch (def.type) {
    case ApplicationCommandOptionType.String:
      return String(value);
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return Number(value);
    case ApplicationCommandOptionType.Boolean:
      return Boolean(value);
    case ApplicationCommandOptionType.User:
      addUser(ctx, String(value), resolved, request);
      return String(value);
    case ApplicationCommandOptionType.Role:
      addRole(ctx, String(value), resolved);
      return String(value);
    case ApplicationCommandOptionType.Mentionable:
      if (ctx.state.roles.has(String(value))) addRole(ctx, String(value), resolved);
      else addUser(ctx, String(value), resolved, request);
      return String(value);
    case ApplicationCommandOptionType.Channel:
      addChannel(ctx, String(value), resolved, request);
      return String(value);
    default:
      throw new Error(`The fake cannot fill option "${def.name}" of type ${def.type}`);
  }
}

function addUser(
  ctx: ServerContext,
  userId: string,
  resolved: APIInteractionDataResolved,
  request: OptionRequest,
): void {
  resolved.users = { ...resolved.users, [userId]: apiUser(ctx.state.user(userId)) };
  const member = request.guildId ? ctx.state.member(request.guildId, userId) : undefined;
  if (member) {
    const permissions = channelPermissions(ctx.state, request.channelId, userId).toString();
    const { deaf: _deaf, mute: _mute, ...rest } = partialMember(member);
    resolved.members = { ...resolved.members, [userId]: { ...rest, permissions } };
  }
}

function addRole(ctx: ServerContext, roleId: string, resolved: APIInteractionDataResolved): void {
  const role = ctx.state.roles.get(roleId);
  if (!role) throw new Error(`No role ${roleId}`);
  resolved.roles = { ...resolved.roles, [roleId]: apiRole(role) };
}

function addChannel(
  ctx: ServerContext,
  channelId: string,
  resolved: APIInteractionDataResolved,
  request: OptionRequest,
): void {
  const channel = ctx.state.channel(channelId);
  const permissions = channelPermissions(ctx.state, channelId, request.userId);
  const entry = {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    permissions: permissions.toString(),
    ...(channel.parentId ? { parent_id: channel.parentId } : {}),
  } as APIInteractionDataResolvedChannel;
  resolved.channels = { ...resolved.channels, [channelId]: entry };
}
