// A proxy bot (Tupperbox, PluralKit) on the Discord-compatible test server, acting over REST exactly as
// the real one does (research/proxy-bots.md): it is a bot of its own application in the server, makes a
// webhook in the channel, posts the character's words through it (username and avatar overridden), and
// deletes the person's tagged original; edits and deletions of the copy go through the same webhook.
// Discord then sends MESSAGE_CREATE/UPDATE/DELETE for the webhook message with `webhook_id` and the
// proxy's `application_id`, as for any application-owned webhook.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DiscordTestServer, FakeBot } from './discord/index.js';
import type { RecordedMessage } from './discord/state.js';
import { DEFAULT_BOT_PERMISSIONS } from './discord/permissions.js';

export interface ProxyIdentity {
  id: string;
  username: string;
  /** Copies of replies carry PluralKit's reply embed. */
  replyEmbeds?: boolean;
}

export const TUPPERBOX: ProxyIdentity = { id: '431544605209788416', username: 'Tupperbox' };
export const PLURALKIT: ProxyIdentity = {
  id: '466378653216014359',
  username: 'PluralKit',
  replyEmbeds: true,
};

/** Longest quote of the replied-to text in a reply embed, characters (PluralKit's). */
const REPLY_QUOTE_CHARS = 100;

export interface ProxyFile {
  filename: string;
  content: string;
}

export interface ProxyPost {
  /** The character's name: the webhook username people see. */
  name: string;
  content: string;
  avatarUrl?: string;
  files?: ProxyFile[];
  /** The message the person's original replied to: the copy quotes it in a reply embed (PluralKit). */
  replyTo?: RecordedMessage;
}

export class FakeProxyBot {
  private readonly webhooks = new Map<string, { id: string; token: string }>();

  private constructor(
    private readonly server: DiscordTestServer,
    readonly bot: FakeBot,
    private readonly identity: ProxyIdentity,
  ) {}

  /** The proxy joins the server with what it needs: Manage Webhooks and Manage Messages. */
  static join(server: DiscordTestServer, guildId: string, identity: ProxyIdentity = TUPPERBOX): FakeProxyBot {
    const bot = server.createBot({ id: identity.id, username: identity.username });
    server.addMember(guildId, bot.userId, {
      permissions: DEFAULT_BOT_PERMISSIONS | PermissionFlagsBits.ManageMessages,
    });
    return new FakeProxyBot(server, bot, identity);
  }

  private async rest(method: string, path: string, body?: unknown, bot = true): Promise<Response> {
    const response = await fetch(`${this.server.apiUrl}/v10${path}`, {
      method,
      headers: {
        ...(bot ? { authorization: `Bot ${this.bot.token}` } : {}),
        ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  /** The proxy's webhook in a channel, made on first use (one serves every character there). */
  async webhook(channelId: string): Promise<{ id: string; token: string }> {
    const known = this.webhooks.get(channelId);
    if (known) return known;
    const made = (await (
      await this.rest('POST', `/channels/${channelId}/webhooks`, { name: this.bot.username })
    ).json()) as { id: string; token: string };
    this.webhooks.set(channelId, made);
    return made;
  }

  /** Posts as a character (Execute Webhook with `wait=true`); resolves with the message. */
  async send(channelId: string, post: ProxyPost): Promise<{ id: string }> {
    const { id, token } = await this.webhook(channelId);
    const users = [...new Set([...post.content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!))];
    const payload = {
      content: post.content,
      username: post.name,
      ...(post.avatarUrl ? { avatar_url: post.avatarUrl } : {}),
      ...(post.replyTo ? { embeds: [this.replyEmbed(post.replyTo)] } : {}),
      allowed_mentions: { parse: [], users },
    };
    let body: unknown = payload;
    if (post.files?.length) {
      const form = new FormData();
      form.set('payload_json', JSON.stringify(payload));
      post.files.forEach((file, i) => form.set(`files[${i}]`, new Blob([file.content]), file.filename));
      body = form;
    }
    const response = await this.rest('POST', `/webhooks/${id}/${token}?wait=true`, body, false);
    return (await response.json()) as { id: string };
  }

  private replyEmbed(repliedTo: RecordedMessage): Record<string, unknown> {
    const link = `https://discord.com/channels/${repliedTo.guild_id ?? '@me'}/${repliedTo.channel_id}/${repliedTo.id}`;
    const quote =
      repliedTo.content.length > REPLY_QUOTE_CHARS
        ? `${repliedTo.content.slice(0, REPLY_QUOTE_CHARS)}…`
        : repliedTo.content;
    const name = repliedTo.author.global_name ?? repliedTo.author.username;
    return {
      author: { name: `${name}\u2004\u21a9\ufe0f` },
      description: quote ? `**[Reply to:](${link})** ${quote}` : `*[(click to see attachment)](${link})*`,
    };
  }

  /** Edits a character's message through the webhook (Edit Webhook Message). */
  async edit(channelId: string, messageId: string, content: string): Promise<void> {
    const { id, token } = await this.webhook(channelId);
    await this.rest('PATCH', `/webhooks/${id}/${token}/messages/${messageId}`, { content }, false);
  }

  /** Deletes a character's message through the webhook (Delete Webhook Message). */
  async remove(channelId: string, messageId: string): Promise<void> {
    const { id, token } = await this.webhook(channelId);
    await this.rest('DELETE', `/webhooks/${id}/${token}/messages/${messageId}`, undefined, false);
  }

  /** Deletes the person's tagged original (Delete Message, with Manage Messages). */
  async deleteOriginal(original: RecordedMessage): Promise<void> {
    await this.rest('DELETE', `/channels/${original.channel_id}/messages/${original.id}`);
  }

  /**
   * What the proxy does with a tagged message: repost it as the character and delete the original,
   * in the order given (PluralKit documents send-then-delete; nothing guarantees it).
   */
  async proxy(
    original: RecordedMessage,
    post: ProxyPost,
    order: 'send-then-delete' | 'delete-then-send' = 'send-then-delete',
  ): Promise<{ id: string }> {
    const repliedId = original.message_reference?.message_id;
    const replyTo =
      this.identity.replyEmbeds && repliedId !== undefined
        ? this.server.messages(original.channel_id).find((m) => m.id === repliedId)
        : undefined;
    if (order === 'delete-then-send') await this.deleteOriginal(original);
    const copy = await this.send(original.channel_id, { ...(replyTo ? { replyTo } : {}), ...post });
    if (order === 'send-then-delete') await this.deleteOriginal(original);
    return copy;
  }
}
