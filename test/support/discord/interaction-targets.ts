// Who an interaction is for: the application that registered a command (guild scope first, then
// global), the application behind a message a component sits on, and the component itself. A test that
// names a command nobody registered fails here with a message saying so.
import type { APIApplicationCommand, APIMessageComponent } from 'discord-api-types/v10';
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { ServerContext } from './context.js';
import type { BotRecord, RecordedMessage } from './state.js';

export function findCommand(
  ctx: ServerContext,
  name: string,
  guildId: string | undefined,
  applicationId: string | undefined,
): { command: APIApplicationCommand; bot: BotRecord } {
  const bots = [...ctx.state.bots.values()].filter(
    (b) =>
      (!applicationId || b.applicationId === applicationId) &&
      (!guildId || ctx.state.member(guildId, b.userId)),
  );
  const found = bots.flatMap((bot) => {
    const scopes = [
      ...(guildId ? [ctx.state.commandKey(bot.applicationId, guildId)] : []),
      bot.applicationId,
    ];
    const command = scopes
      .flatMap((key) => ctx.state.commands.get(key) ?? [])
      .find((c) => c.name === name && c.type === ApplicationCommandType.ChatInput);
    return command ? [{ command, bot }] : [];
  });
  const [first, ...rest] = found;
  if (!first) throw new Error(`No application registered /${name} here; register commands first`);
  if (rest.length > 0) throw new Error(`Several applications registered /${name}; pass applicationId`);
  return first;
}

export function botFor(
  ctx: ServerContext,
  applicationId: string | undefined,
  guildId: string | undefined,
): BotRecord {
  const bots = [...ctx.state.bots.values()].filter(
    (b) =>
      (!applicationId || b.applicationId === applicationId) &&
      (!guildId || ctx.state.member(guildId, b.userId)),
  );
  const [first, ...rest] = bots;
  if (!first || rest.length > 0) throw new Error('Say which application with applicationId');
  return first;
}

/** The application whose bot, interaction response or webhook posted the message. */
export function applicationOf(ctx: ServerContext, message: RecordedMessage): BotRecord {
  const byApp = message.application_id ? ctx.state.botByApplication(message.application_id) : undefined;
  const byWebhook = message.webhook_id
    ? ctx.state.webhooks.get(message.webhook_id)?.applicationId
    : undefined;
  const bot =
    byApp ?? (byWebhook ? ctx.state.botByApplication(byWebhook) : ctx.state.bots.get(message.author.id));
  if (!bot) throw new Error(`Message ${message.id} was not sent by an application`);
  return bot;
}

export function findComponent(
  components: readonly unknown[],
  customId: string,
): APIMessageComponent | undefined {
  for (const raw of components) {
    const c = raw as { custom_id?: string; components?: unknown[]; component?: unknown; accessory?: unknown };
    if (c.custom_id === customId) return c as APIMessageComponent;
    const nested = [
      ...(c.components ?? []),
      ...(c.component ? [c.component] : []),
      ...(c.accessory ? [c.accessory] : []),
    ];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}
