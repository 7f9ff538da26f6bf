// Dispatches interactions to the commands in commands/: slash commands and autocomplete by command
// name, modals, buttons and select menus by the `<command>:` prefix of their custom_id. It is the edge for
// interactions: it checks admin rights again at run time (servers can override a command's default
// permission), makes sure the channel knows its server, and catches every error, logging it once and
// telling the person privately, in their language (`interaction.locale`).
import type { Interaction, RepliableInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { CoreDeps } from '../core/deps.js';
import { t } from '../i18n/i18n.js';
import { isTroupeAdmin } from './admin-check.js';
import type { EventClaims } from './event-claims.js';
import type { MemberLocales } from './member-locales.js';
import type { CommandContext, CommandUse, SlashCommand } from './slash-command.js';

export interface InteractionRouterInput {
  commands: readonly SlashCommand[];
  context: CommandContext;
  claims: EventClaims;
  memberLocales: MemberLocales;
}

export function createInteractionRouter(
  input: InteractionRouterInput,
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(input.commands.map((command) => [command.data.name, command]));
  const { context } = input;
  const log = context.log.child({ module: 'interactions' });

  const refuseUnlessAdmin = async (
    interaction: RepliableInteraction,
    command: SlashCommand,
    use: CommandUse,
  ) => {
    if (!command.needsAdmin(use) || isTroupeAdmin(interaction, context.adminRoleIds)) return false;
    await interaction.reply({
      content: t(interaction.locale, 'admin.refusal'),
      flags: MessageFlags.Ephemeral,
    });
    return true;
  };

  const route = async (interaction: Interaction): Promise<void> => {
    if (!interaction.inGuild()) {
      if (interaction.isRepliable())
        await interaction.reply({
          content: t(interaction.locale, 'router.guildOnly'),
          flags: MessageFlags.Ephemeral,
        });
      return;
    }
    if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      if (command?.autocomplete) await command.autocomplete(interaction, context);
      else await interaction.respond([]);
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) {
        await interaction.reply({
          content: t(interaction.locale, 'router.unknownCommand'),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      if (
        await refuseUnlessAdmin(interaction, command, {
          subcommand: interaction.options.getSubcommand(false),
        })
      )
        return;
      await knowServer(context.deps, interaction.channelId, interaction.guildId);
      await command.execute(interaction, context);
      return;
    }
    if (interaction.isModalSubmit() || interaction.isButton() || interaction.isStringSelectMenu()) {
      const command = byName.get(interaction.customId.split(':')[0] ?? '');
      const handles = interaction.isModalSubmit()
        ? command?.modal
        : interaction.isButton()
          ? command?.button
          : command?.select;
      if (!command || !handles) {
        await interaction.reply({
          content: t(interaction.locale, 'router.staleComponent'),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      if (await refuseUnlessAdmin(interaction, command, { customId: interaction.customId })) return;
      await knowServer(context.deps, interaction.channelId ?? '', interaction.guildId);
      if (interaction.isModalSubmit()) await command.modal!(interaction, context);
      else if (interaction.isButton()) await command.button!(interaction, context);
      else await command.select!(interaction, context);
    }
  };

  /**
   * The member's language, for what reaches them outside an interaction (the DM note), and an admin's
   * for the notices their server's channels get (member-locales.ts).
   */
  const rememberLocale = async (interaction: Interaction): Promise<void> => {
    const { memberLocales } = input;
    const admin = interaction.inGuild() && isTroupeAdmin(interaction, context.adminRoleIds);
    await Promise.all([
      memberLocales.remember(interaction.user.id, interaction.locale),
      admin ? memberLocales.rememberAdmins(interaction.guildId, interaction.locale) : undefined,
    ]);
  };

  return async (interaction) => {
    try {
      // Several processes on one token each receive the interaction; one answers it.
      if (!(await input.claims.claim(`i:${interaction.id}`))) return;
      // Alongside the answer, not before it: Discord waits only 3 s for one.
      const remembering = rememberLocale(interaction).catch((err: unknown) =>
        log.warn({ err }, "could not remember the member's language"),
      );
      await route(interaction);
      await remembering;
    } catch (err) {
      const command = 'commandName' in interaction ? interaction.commandName : undefined;
      log.error({ err, command, interactionId: interaction.id }, 'interaction failed');
      if (interaction.isRepliable()) await tellFailure(interaction).catch(() => undefined);
    }
  };
}

/** A channel's settings name its server, so the server's own personas are found there. */
export async function knowServer(deps: CoreDeps, channelId: string, guildId: string): Promise<void> {
  if (channelId === '') return;
  const settings = await deps.settings.get(channelId);
  if (settings.guildId !== guildId) await deps.settings.update(channelId, { guildId });
}

async function tellFailure(interaction: RepliableInteraction): Promise<void> {
  const FAILURE_REPLY = t(interaction.locale, 'router.failure');
  if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: FAILURE_REPLY });
  else if (interaction.replied)
    await interaction.followUp({ content: FAILURE_REPLY, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ content: FAILURE_REPLY, flags: MessageFlags.Ephemeral });
}
