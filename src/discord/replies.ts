// Answers to slash commands: private (ephemeral) unless meant for the channel, within Discord's 2,000
// characters, never pinging anyone, right whether the interaction was already deferred or not, and in
// the language of whoever used the command (`interaction.locale`; English when Troupe has no catalogue
// for it). A reply shown to the channel is in that member's language too: they chose to say it there.
import type { InteractionReplyOptions, MessageComponentInteraction, RepliableInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { AdminResult } from '../core/channel-admin.js';
import { shorten } from '../core/shorten.js';
import type { Message } from '../core/text.js';
import { translate } from '../i18n/i18n.js';

export const MAX_REPLY_CHARS = 2000;

/** `text` within `max` characters: cut between graphemes, never through an emoji (see core/shorten.ts). */
export function clip(text: string, max = MAX_REPLY_CHARS): string {
  return shorten(text, max);
}

export interface ReplyOptions {
  /** Shown to everyone in the channel; otherwise only to whoever ran the command. */
  visible?: boolean;
  files?: InteractionReplyOptions['files'];
  components?: InteractionReplyOptions['components'];
}

/** Replies, or edits the deferred reply, or follows up when a reply is already there. */
export async function answer(
  interaction: RepliableInteraction,
  content: Message,
  options: ReplyOptions = {},
): Promise<void> {
  const body = {
    content: clip(translate(interaction.locale, content)),
    allowedMentions: { parse: [] },
    ...(options.files ? { files: options.files } : {}),
    ...(options.components ? { components: options.components } : {}),
  };
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(body);
    return;
  }
  const flags = options.visible ? undefined : MessageFlags.Ephemeral;
  if (interaction.replied) await interaction.followUp({ ...body, ...(flags ? { flags } : {}) });
  else await interaction.reply({ ...body, ...(flags ? { flags } : {}) });
}

/** A channel operation's outcome: refusals are always private; successes as asked. */
export function answerResult(
  interaction: RepliableInteraction,
  result: AdminResult,
  options: ReplyOptions = {},
): Promise<void> {
  return answer(interaction, result.message, { ...options, visible: result.ok && options.visible === true });
}

/**
 * A private note beside the message a button was on, which stays as it is (after `deferUpdate`,
 * `answer` would edit that message instead).
 */
export async function notePrivately(
  interaction: MessageComponentInteraction,
  content: Message,
): Promise<void> {
  const body = {
    content: clip(translate(interaction.locale, content)),
    allowedMentions: { parse: [] },
    flags: MessageFlags.Ephemeral,
  } as const;
  if (interaction.deferred || interaction.replied) await interaction.followUp(body);
  else await interaction.reply(body);
}

/**
 * Replaces the message a button was on (a confirm prompt, an alternatives panel) with the outcome and
 * drops its buttons; after `deferUpdate` (a click that waits on the model) it edits that message instead.
 */
export async function updateWith(interaction: MessageComponentInteraction, content: Message): Promise<void> {
  const body = {
    content: clip(translate(interaction.locale, content)),
    components: [],
    allowedMentions: { parse: [] },
  };
  if (interaction.deferred) await interaction.editReply(body);
  else await interaction.update(body);
}
