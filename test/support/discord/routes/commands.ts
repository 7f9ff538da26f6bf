// Application commands, global and per guild: list, create (upsert by name), get, edit, delete, and the
// bulk overwrite a deploy script does with `rest.put(Routes.applicationGuildCommands(...))`. Names and
// descriptions are checked against Discord's limits so a bad definition fails here as it would live,
// localizations included (`name_localizations` keyed by Discord locales, each value under the same rules
// as the default; the 4,000-character total counts the longest localization of each field). Listing
// returns the localization dictionaries only with `?with_localizations=true`, as Discord does.
import type {
  APIApplicationCommand,
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
} from 'discord-api-types/v10';
import { ApplicationCommandType, Locale } from 'discord-api-types/v10';
import { DiscordError, ErrorCode, invalidForm, missingAccess, notFound } from '../errors.js';
import type { Json, Route, RouteRequest, RouteResult } from '../http.js';
import { created, noContent, ok, requireBot } from '../http.js';
import { nextSnowflake } from '../snowflake.js';

// The documented pattern lists an apostrophe the API rejects (discord/discord-api-docs#7371).
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_COMMANDS = 100;
const MAX_COMMAND_CHARS = 4000;
const LOCALES = new Set<string>(Object.values(Locale));

type Localizations = Record<string, string | null> | null | undefined;
type Option = APIApplicationCommandOption & {
  options?: Option[];
  choices?: APIApplicationCommandOptionChoice[];
};

const chars = (text: string) => [...text].length;
const validName = (name: unknown, cased: boolean) =>
  typeof name === 'string' && NAME.test(name) && (!cased || name === name.toLowerCase());
const validText = (text: unknown, max: number) =>
  typeof text === 'string' && chars(text) >= 1 && chars(text) <= max;

/** A localization dictionary: Discord locales only, each value valid as the default field would be. */
function validateLocalizations(
  localizations: Localizations,
  path: string,
  valid: (value: unknown) => boolean,
  code: string,
  message: string,
): void {
  for (const [locale, value] of Object.entries(localizations ?? {})) {
    if (!LOCALES.has(locale)) {
      throw invalidForm(`${path}.${locale}`, {
        code: 'ENUM_TYPE_COERCE',
        message: `Value "${locale}" is not a valid enum value.`,
      });
    }
    if (value !== null && !valid(value)) throw invalidForm(`${path}.${locale}`, { code, message });
  }
}

const longest = (text: string, localizations: Localizations) =>
  Math.max(chars(text), ...Object.values(localizations ?? {}).map((v) => (v ? chars(v) : 0)));

function optionChars(option: Option): number {
  const choices = (option.choices ?? []).reduce(
    (sum, c) => sum + longest(c.name, c.name_localizations) + chars(String(c.value)),
    0,
  );
  return (
    longest(option.name, option.name_localizations) +
    longest(option.description, option.description_localizations) +
    choices +
    (option.options ?? []).reduce((sum, child) => sum + optionChars(child), 0)
  );
}

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

function validateOptions(options: Option[] | undefined, path: string): void {
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
    if (!validText(option.description, 100)) {
      throw invalidForm(`${path}.${i}.description`, {
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    validateLocalizations(
      option.name_localizations,
      `${path}.${i}.name_localizations`,
      (v) => validName(v, true),
      'APPLICATION_COMMAND_INVALID_NAME',
      'Command name is invalid',
    );
    validateLocalizations(
      option.description_localizations,
      `${path}.${i}.description_localizations`,
      (v) => validText(v, 100),
      'BASE_TYPE_BAD_LENGTH',
      'Must be between 1 and 100 in length.',
    );
    const choices = option.choices ?? [];
    if (choices.length > MAX_CHOICES) {
      throw invalidForm(`${path}.${i}.choices`, {
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${MAX_CHOICES} or fewer in length.`,
      });
    }
    choices.forEach((choice, j) => {
      const at = `${path}.${i}.choices.${j}`;
      if (!validText(choice.name, 100)) {
        throw invalidForm(`${at}.name`, {
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 100 in length.',
        });
      }
      validateLocalizations(
        choice.name_localizations,
        `${at}.name_localizations`,
        (v) => validText(v, 100),
        'BASE_TYPE_BAD_LENGTH',
        'Must be between 1 and 100 in length.',
      );
    });
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
  validateLocalizations(
    body.name_localizations as Localizations,
    'name_localizations',
    (v) => validName(v, chatInput),
    'APPLICATION_COMMAND_INVALID_NAME',
    'Command name is invalid',
  );
  if (chatInput) {
    validateLocalizations(
      body.description_localizations as Localizations,
      'description_localizations',
      (v) => validText(v, 100),
      'BASE_TYPE_BAD_LENGTH',
      'Must be between 1 and 100 in length.',
    );
  }
  const options = body.options as Option[] | undefined;
  validateOptions(options, 'options');
  const total =
    longest(name, body.name_localizations as Localizations) +
    longest(description, body.description_localizations as Localizations) +
    (options ?? []).reduce((sum, option) => sum + optionChars(option), 0);
  if (total > MAX_COMMAND_CHARS) {
    throw new DiscordError(400, ErrorCode.InvalidFormBody, 'Invalid Form Body', {
      _errors: [{ code: 'APPLICATION_COMMAND_TOO_LARGE', message: 'Command exceeds maximum size (4000)' }],
    });
  }
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

/** Without `?with_localizations=true`, Discord leaves the localization dictionaries out of a listing. */
function withoutLocalizations<T extends object>(item: T): T {
  const {
    name_localizations: _names,
    description_localizations: _descriptions,
    ...rest
  } = item as T & { name_localizations?: unknown; description_localizations?: unknown };
  const nested = rest as { options?: object[]; choices?: object[] };
  return {
    ...rest,
    ...(nested.options ? { options: nested.options.map(withoutLocalizations) } : {}),
    ...(nested.choices ? { choices: nested.choices.map(withoutLocalizations) } : {}),
  } as T;
}

function listed(req: RouteRequest): APIApplicationCommand[] {
  const commands = list(req);
  return req.query.get('with_localizations') === 'true' ? commands : commands.map(withoutLocalizations);
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
  const commands = bodies.map((body, i) => {
    const type = (body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
    const same = previous.find((c) => c.name === body.name && c.type === type);
    try {
      return toCommand(body, applicationId, guildId, same?.id ?? nextSnowflake());
    } catch (err) {
      // Discord names the command by its index in the array: {"0": {"name_localizations": …}}.
      if (!(err instanceof DiscordError) || !err.errors) throw err;
      throw new DiscordError(err.status, err.code, err.message, { [i]: err.errors });
    }
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
  { method: 'GET', pattern: base, auth: 'bot', handle: (req) => ok(listed(req)) },
  { method: 'POST', pattern: base, auth: 'bot', handle: upsert },
  { method: 'PUT', pattern: base, auth: 'bot', handle: bulkOverwrite },
  { method: 'GET', pattern: `${base}/:commandId`, auth: 'bot', handle: (req) => ok(findCommand(req)) },
  { method: 'PATCH', pattern: `${base}/:commandId`, auth: 'bot', handle: edit },
  { method: 'DELETE', pattern: `${base}/:commandId`, auth: 'bot', handle: remove },
]);
