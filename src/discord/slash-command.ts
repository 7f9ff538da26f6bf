// What a slash command is in Troupe: its definition (deployed by `npm run commands:deploy`) and its
// handlers, in one file under commands/. The interaction router finds a command by name, and a modal's,
// button's or select menu's by the `<command>:` prefix of its custom_id, so adding a command is one new
// file plus one line in commands/index.ts.
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { AvatarStore } from '../avatars/avatar-store.js';
import type { CoreDeps } from '../core/deps.js';
import type { CoreLogger } from '../core/ports.js';
import type { GuildPersonaStore } from '../personas/guild-persona-store.js';

/** What every handler may use; handed in by the composition root. */
export interface CommandContext {
  deps: CoreDeps;
  /** A server's own personas (the catalog in `deps.personas` already merges them in). */
  guildPersonas: GuildPersonaStore;
  /** Roles whose members count as admins besides those with Manage Server. */
  adminRoleIds: readonly string[];
  /** Persona avatars (stored pictures) and where they are served (PUBLIC_URL), when known. */
  avatars?: AvatarStore | undefined;
  publicUrl?: string | undefined;
  log: CoreLogger;
}

/** One use of a command: a subcommand run, or one of its modals or buttons (by custom_id). */
export type CommandUse = { subcommand: string | null } | { customId: string };

/** Interactions a command handles always come from a server channel (the router checks). */
export type GuildChatInput = ChatInputCommandInteraction<'cached' | 'raw'>;
export type GuildAutocomplete = AutocompleteInteraction<'cached' | 'raw'>;
export type GuildModalSubmit = ModalSubmitInteraction<'cached' | 'raw'>;
export type GuildButton = ButtonInteraction<'cached' | 'raw'>;
export type GuildSelect = StringSelectMenuInteraction<'cached' | 'raw'>;

export interface SlashCommand {
  /** The definition as Discord takes it (a SlashCommandBuilder's toJSON()). */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** True when this use changes what only admins may change (checked at run time, whatever the server set). */
  needsAdmin(use: CommandUse): boolean;
  execute(interaction: GuildChatInput, ctx: CommandContext): Promise<void>;
  /** Answers within Discord's 3 s with at most 25 choices. */
  autocomplete?(interaction: GuildAutocomplete, ctx: CommandContext): Promise<void>;
  /** Modals whose custom_id starts with `<name>:`. */
  modal?(interaction: GuildModalSubmit, ctx: CommandContext): Promise<void>;
  /** Buttons whose custom_id starts with `<name>:`. */
  button?(interaction: GuildButton, ctx: CommandContext): Promise<void>;
  /** String select menus whose custom_id starts with `<name>:`. */
  select?(interaction: GuildSelect, ctx: CommandContext): Promise<void>;
}

/** `needsAdmin` for a command where every use is an admin's. */
export const adminAlways = (): boolean => true;
/** `needsAdmin` for a command anyone may use. */
export const adminNever = (): boolean => false;

/** `needsAdmin` for a command whose listed subcommands, and all of whose modals and buttons, are an admin's. */
export function adminFor(subcommands: readonly string[]): (use: CommandUse) => boolean {
  return (use) =>
    'customId' in use ? true : use.subcommand !== null && subcommands.includes(use.subcommand);
}

/** The custom_id of a command's modal or button: `<command>:<parts…>`. */
export function customId(command: string, ...parts: string[]): string {
  return [command, ...parts].join(':');
}
