// A person's Discord message as a line of history: the author's display name as the speaker, mentions
// as names (a persona's own bot as the persona's name), files as a short note, whom a reply answers
// (a reply to a persona's webhook message is found in history by its message id), and native
// @-mentions of personas' own bots as `mentions`.
import type { Message } from 'discord.js';
import type { Line, NewLine } from '../core/line.js';
import type { HistoryStore } from '../core/ports.js';
import type { PersonaBots } from './persona-bots.js';
import { attachmentNote, plainText, type MentionNames } from './plain-text.js';

export interface LineLookups {
  history: Pick<HistoryStore, 'findByMessageId'>;
  personaBots: Pick<PersonaBots, 'personaOfUser'>;
}

/** The speaker's name as people in the channel see it: server nickname, else global name, else username. */
export function speakerName(message: Message): string {
  return message.member?.displayName ?? message.author.displayName;
}

function mentionNames(message: Message, lookups: LineLookups): MentionNames {
  return {
    user: (id) =>
      lookups.personaBots.personaOfUser(id)?.name ??
      message.mentions.members?.get(id)?.displayName ??
      message.guild?.members.cache.get(id)?.displayName ??
      message.mentions.users.get(id)?.displayName ??
      message.client.users.cache.get(id)?.displayName,
    role: (id) => message.mentions.roles.get(id)?.name ?? message.guild?.roles.cache.get(id)?.name,
    channel: (id) => {
      const channel = message.client.channels.cache.get(id);
      return channel && 'name' in channel && channel.name ? channel.name : undefined;
    },
  };
}

/** What the message says, as a reader sees it; empty when there is nothing to read (no text, no files). */
export function messageText(message: Message, lookups: LineLookups): string {
  const text = plainText(message.content, mentionNames(message, lookups)).trim();
  const note = attachmentNote(
    [...message.attachments.values()].map((a) => a.name),
    [...message.stickers.values()].map((s) => s.name),
  );
  return [text, note].filter((part) => part !== '').join(' ');
}

async function replyTarget(message: Message, lookups: LineLookups): Promise<Line['replyTo']> {
  const reference = message.reference;
  if (!reference?.messageId || (reference.channelId && reference.channelId !== message.channelId))
    return undefined;
  const answered = await lookups.history.findByMessageId(message.channelId, reference.messageId);
  if (answered) {
    return { kind: answered.kind, speakerId: answered.speakerId, speakerName: answered.speakerName };
  }
  // Not in history (older than it, or from before the cast): the author Discord sent with the reply.
  const user = message.mentions.repliedUser;
  if (!user) return undefined;
  const persona = lookups.personaBots.personaOfUser(user.id);
  if (persona) return { kind: 'persona', speakerId: persona.personaId, speakerName: persona.name };
  // A webhook author is a persona we no longer know; a bot is not a person to answer to.
  if (user.bot) return undefined;
  const member = message.guild?.members.cache.get(user.id);
  return { kind: 'person', speakerId: user.id, speakerName: member?.displayName ?? user.displayName };
}

/** The line for a person's (or a let-in bot's) message; undefined when it has nothing to say. */
export async function messageToLine(
  message: Message,
  lookups: LineLookups,
  options: { fromBot: boolean },
): Promise<NewLine | undefined> {
  const text = messageText(message, lookups);
  if (text === '') return undefined;
  const mentions = [...message.mentions.users.keys()].flatMap((id) => {
    const persona = lookups.personaBots.personaOfUser(id);
    return persona ? [persona.personaId] : [];
  });
  const replyTo = await replyTarget(message, lookups);
  return {
    kind: 'person',
    speakerId: message.author.id,
    speakerName: speakerName(message),
    text,
    at: message.createdTimestamp,
    messageId: message.id,
    ...(replyTo ? { replyTo } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
    ...(options.fromBot ? { fromBot: true } : {}),
  };
}
