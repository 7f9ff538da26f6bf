// /budget set daily: | show | off — this server's daily spending cap. `set` (admins) caps the estimated
// cost of the server's model requests per UTC day, in the price table's currency; once the day's spend
// reaches it the personas make no model requests until midnight UTC (people's lines are still kept)
// and the channel where that happened is told once. `off` (admins) removes the server's own cap (the
// deployment's DAILY_BUDGET, if set, applies again). `show` is for everyone. Replies are private.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { budgetReport, clearDailyBudget, setDailyBudget } from '../src/core/capabilities/index.js';
import { MAX_DAILY_BUDGET, MIN_DAILY_BUDGET } from '../src/core/budget.js';
import { answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminFor } from '../src/discord/slash-command.js';

const data = new SlashCommandBuilder()
  .setName('budget')
  .setDescription("This server's daily cap on what its model requests cost")
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription("Set this server's daily budget (admins)")
      .addNumberOption((o) =>
        o
          .setName('daily')
          .setDescription("Most to spend per UTC day, in the price table's currency")
          .setRequired(true)
          .setMinValue(MIN_DAILY_BUDGET)
          .setMaxValue(MAX_DAILY_BUDGET),
      ),
  )
  .addSubcommand((s) => s.setName('show').setDescription("Today's estimated spend against the budget"))
  .addSubcommand((s) => s.setName('off').setDescription("Remove this server's own daily budget (admins)"))
  .toJSON();

export const budget: SlashCommand = {
  data,
  needsAdmin: adminFor(['set', 'off']),
  async execute(interaction, ctx) {
    const scope = { guildId: interaction.guildId, channelId: interaction.channelId };
    const sub = interaction.options.getSubcommand();
    if (sub === 'set') {
      const daily = interaction.options.getNumber('daily', true);
      return answerResult(interaction, await setDailyBudget(ctx.deps, scope, daily));
    }
    if (sub === 'off') return answerResult(interaction, await clearDailyBudget(ctx.deps, scope));
    return answerResult(interaction, await budgetReport(ctx.deps, scope));
  },
};
