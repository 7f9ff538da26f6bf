// Whom a proxied character's line answers. A webhook message cannot be a Discord reply, so a proxy's
// copy of a person's reply carries no reference of its own. Troupe takes it from the person's
// original while that is held (Discord's own reference, whatever the proxy), or else from PluralKit's
// reply embed, which quotes the replied-to message with a jump link: an embed whose author name ends
// in "↩️" (how PluralKit marks, and itself recognises, its reply embeds) and whose description reads
// `**[Reply to:](https://discord.com/channels/<guild>/<channel>/<message>)** …`
// (PluralKit.Bot/Proxy/ProxyService.cs, CreateReplyEmbed).
import type { Message } from 'discord.js';
import type { Line } from '../core/line.js';
import type { HistoryStore } from '../core/ports.js';

/** The end of a PluralKit reply embed's author name: U+21A9 and the emoji presentation selector. */
const REPLY_EMBED_MARK = '\u21a9\ufe0f';
/** A markdown link to a message: group 1 its channel (or thread), group 2 the message. */
const JUMP_LINK =
  /\]\(https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(?:\d+|@me)\/(\d+)\/(\d+)\)/;

/** The id of the message a PluralKit copy replies to, when it quotes one in the same channel. */
export function quotedMessageId(message: Pick<Message, 'embeds' | 'channelId'>): string | undefined {
  for (const embed of message.embeds) {
    if (!embed.author?.name.endsWith(REPLY_EMBED_MARK)) continue;
    const link = JUMP_LINK.exec(embed.description ?? '');
    if (link?.[1] === message.channelId) return link[2];
  }
  return undefined;
}

/** Whom the copy answers, by PluralKit's reply embed, when the quoted message is in the history. */
export async function quotedReplyTarget(
  message: Pick<Message, 'embeds' | 'channelId'>,
  history: Pick<HistoryStore, 'findByMessageId'>,
): Promise<Line['replyTo']> {
  const quoted = quotedMessageId(message);
  if (quoted === undefined) return undefined;
  const answered = await history.findByMessageId(message.channelId, quoted);
  return (
    answered && { kind: answered.kind, speakerId: answered.speakerId, speakerName: answered.speakerName }
  );
}
