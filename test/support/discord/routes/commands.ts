// Application commands, global and per guild: list, create (upsert by name), get, edit, delete, and the
// bulk overwrite a deploy script does with `rest.put(Routes.applicationGuildCommands(...))`. Names and
// descriptions are checked against Discord's limits so a bad definition fails here as it would live.
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { DiscordError, ErrorCode, invalidForm, missingAccess, notFound } from '../errors.js';
import type { Json, Route, RouteRequest, RouteResult } from '../http.js';
import { created, noContent, ok, requireBot } from '../http.js';
import { nextSnowflake } from '../snowflake.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_COMMANDS = 100;

/** The command list the request is about, after checking the bot owns the application (and guild). */
function scope(req: RouteRequest): { key: string; applicationId: string; guildId?: string } {
  const bot = requireBot(req);
  const applicationId = req.params.applicationId ?? '';
  if (applicationId !== bot.applicationId) throw missingAccess();
  const guildId = req.params.guildId;
  if (guildId) {
    req.ctx.state.guild(guildId);
    if (!req.ctx.state.member(guildId, bot.userId)) throw missingAccess();
  }
  return {
    key: req.ctx.state.commandKey(applicationId, guildId),
    applicationId,
    ...(guildId ? { guildId } : {}),
  };
}

function validateOptions(options: APIApplicationCommandOption[] | undefined, path: string): void {
  if (!options) return;
  if (options.length > MAX_OPTIONS) {
    throw invalidForm(path, {
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_OPTIONS} or fewer in length.`,
    });
  }
  options.forEach((option, i) => {
    if (!NAME.test(option.name) || option.name !== option.name.toLowerCase()) {
      throw invalidForm(`${path}.${i}.name`, {
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    }
    if (!option.description || option.description.length > 100) {
      throw invalidForm(`${path}.${i}.description`, {
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    if ('options' in option) validateOptions(option.options, `${path}.${i}.options`);
  });
}

/** Checks a command body and returns the stored command (keeping `id` when it replaces one). */
function toCommand(
  body: Json,
  applicationId: string,
  guildId: string | undefined,
  id: string,
): APIApplicationCommand {
  const type = (body.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
  const name = typeof body.name === 'string' ? body.name : '';
  const chatInput = type === ApplicationCommandType.ChatInput;
  if (!NAME.test(name) || (chatInput && name !== name.toLowerCase())) {
    throw invalidForm('name', {
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: 'Command name is invalid',
    });
  }
  const description = typeof body.description === 'string' ? body.description : '';
  if (chatInput && (description.length < 1 || description.length > 100)) {
    throw invalidForm('description', {
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    });
  }
  const options = body.options as APIApplicationCommandOption[] | undefined;
  validateOptions(options, 'options');
  const permissions = body.default_member_permissions;
  return {
    ...(body as Partial<APIApplicationCommand>),
    id,
    type,
    application_id: applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    name,
    description: chatInput ? description : '',
    options: options ?? [],
    default_member_permissions:
      permissions === undefined || permissions === null ? null : String(permissions),
    nsfw: body.nsfw === true,
    version: nextSnowflake(),
  } as APIApplicationCommand;
}

function list(req: RouteRequest): APIApplicationCommand[] {
  return req.ctx.state.commands.get(scope(req).key) ?? [];
}

function upsert(req: RouteRequest): RouteResult {
  const { key, applicationId, guildId } = scope(req);
  const commands = req.ctx.state.commands.get(key) ?? [];
  const type = (req.body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
  const existing = commands.find((c) => c.name === req.body.name && c.type === type);
  const command = toCommand(req.body, applicationId, guildId, existing?.id ?? nextSnowflake());
  req.ctx.state.commands.set(key, [...commands.filter((c) => c !== existing), command]);
  req.ctx.recorder.changed();
  return existing ? ok(command) : created(command);
}

function bulkOverwrite(req: RouteRequest): RouteResult {
  const { key, applicationId, guildId } = scope(req);
  const bodies = (req.bodyArray ?? []) as Json[];
  if (bodies.length > MAX_COMMANDS)
    throw new DiscordError(400, 30032, 'Maximum number of application commands reached');
  const previous = req.ctx.state.commands.get(key) ?? [];
  const commands = bodies.map((body) => {
    const type = (body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
    const same = previous.find((c) => c.name === body.name && c.type === type);
    return toCommand(body, applicationId, guildId, same?.id ?? nextSnowflake());
  });
  req.ctx.state.commands.set(key, commands);
  req.ctx.recorder.changed();
  return ok(commands);
}

function findCommand(req: RouteRequest): APIApplicationCommand {
  const command = list(req).find((c) => c.id === req.params.commandId);
  if (!command) throw notFound(ErrorCode.UnknownApplicationCommand, 'application command');
  return command;
}

function edit(req: RouteRequest): RouteResult {
  const { key, applicationId, guildId } = scope(req);
  const current = findCommand(req);
  const command = toCommand({ ...current, ...req.body }, applicationId, guildId, current.id);
  const commands = req.ctx.state.commands.get(key) ?? [];
  req.ctx.state.commands.set(
    key,
    commands.map((c) => (c.id === current.id ? command : c)),
  );
  req.ctx.recorder.changed();
  return ok(command);
}

function remove(req: RouteRequest): RouteResult {
  const { key } = scope(req);
  const current = findCommand(req);
  req.ctx.state.commands.set(
    key,
    (req.ctx.state.commands.get(key) ?? []).filter((c) => c.id !== current.id),
  );
  req.ctx.recorder.changed();
  return noContent();
}

const GLOBAL = '/applications/:applicationId/commands';
const GUILD = '/applications/:applicationId/guilds/:guildId/commands';

export const commandRoutes: Route[] = [GLOBAL, GUILD].flatMap((base): Route[] => [
  { method: 'GET', pattern: base, auth: 'bot', handle: (req) => ok(list(req)) },
  { method: 'POST', pattern: base, auth: 'bot', handle: upsert },
  { method: 'PUT', pattern: base, auth: 'bot', handle: bulkOverwrite },
  { method: 'GET', pattern: `${base}/:commandId`, auth: 'bot', handle: (req) => ok(findCommand(req)) },
  { method: 'PATCH', pattern: `${base}/:commandId`, auth: 'bot', handle: edit },
  { method: 'DELETE', pattern: `${base}/:commandId`, auth: 'bot', handle: remove },
]);
