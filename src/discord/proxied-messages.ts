// People speaking as characters through a proxy bot (Tupperbox, PluralKit, a server's own): the person
// types `k:Hello`, the proxy posts "Hello" through its webhook with the character's name and avatar,
// and deletes the original, in either order (research/proxy-bots.md). Troupe hears the character:
//
// - The copy (a webhook message whose `application_id` is a proxy's) is a person line spoken by the
//   character, with a speaker id per character and proxy (`proxy:<app>:<name>`), never a bot's line.
// - Where a proxy may act (its bot is in the server, or the channel saw a proxy message lately), a
//   person's message is held for `holdMs` before it becomes a line. If the proxy deletes it or posts
//   its copy meanwhile, it never becomes a line: no trace in history, no prompt, no reply. The copy
//   links the character to the person behind it (whose typing then holds a reply to the character),
//   and hands on whom the original replied to or mentioned (proxy-reply.ts: a copy is no reply).
//   Otherwise (the proxy is down, or the message had no tags) it is stored as usual, the hold counted
//   as part of the burst debounce, so the reply comes no later than it would have.
// - A proxy slower than the hold: the original is stored, then goes when the proxy deletes it; the
//   copy's line is newer, so the turn scheduled for the original gives way to the copy's.
import type { Message } from 'discord.js';
import type { CoreDeps } from '../core/deps.js';
import type { Line, NewLine } from '../core/line.js';
import { receiveLine } from '../core/receive.js';
import { personSent } from '../core/typing.js';
import { quotedReplyTarget } from './proxy-reply.js';
import type { CopyOrigin, HeldMessage, ProxyCopy, RedisProxyHolds } from '../store/redis-proxy-holds.js';

export const TUPPERBOX_APP_ID = '431544605209788416';
export const PLURALKIT_APP_ID = '466378653216014359';
/** Proxy bots known out of the box; `PROXY_BOT_IDS` adds more. */
export const KNOWN_PROXY_APP_IDS: readonly string[] = [TUPPERBOX_APP_ID, PLURALKIT_APP_ID];

/** How long a person's message waits for a proxy to replace it: proxies act within about a second, ms. */
export const DEFAULT_PROXY_HOLD_MS = 1_500;
/** A channel where a proxy spoke keeps holding people's messages this long after its last copy, ms. */
export const PROXY_SEEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a server's "has a proxy bot" answer is reused before asking Discord again, ms. */
export const PROXY_MEMBER_CHECK_MS = 10 * 60 * 1000;
/** Most text a proxy's tags add around the words (`k:`, `[…]`, `-- Kara`), characters. */
export const MAX_PROXY_TAG_CHARS = 50;

export interface ProxiedMessagesInput {
  deps: CoreDeps;
  holds: RedisProxyHolds;
  /** Application ids whose webhook messages are proxied characters. */
  proxyAppIds: readonly string[];
  /** @defaultValue DEFAULT_PROXY_HOLD_MS */
  holdMs?: number | undefined;
}

interface Sample {
  content: string;
  files: readonly string[];
}

/**
 * Whether `copy` is a proxy's repost of `original`: the same files, and the copy's words inside the
 * original's with no more than a tag's worth around them (an empty copy: files only, the original
 * no more than a tag). Autoproxy reposts the text unchanged, which matches too.
 */
export function isProxyCopyOf(original: Sample, copy: Sample): boolean {
  const sameFiles = [...original.files].sort().join('\n') === [...copy.files].sort().join('\n');
  if (!sameFiles) return false;
  const words = copy.content.trim();
  const source = original.content.trim();
  if (source.length - words.length > MAX_PROXY_TAG_CHARS) return false;
  if (words === '') return copy.files.length > 0;
  return source.includes(words);
}

/** The speaker id of a proxied character: one per proxy and character name in a channel's history. */
export function characterSpeakerId(applicationId: string, name: string): string {
  return `proxy:${applicationId}:${name.normalize('NFKC').trim().toLowerCase()}`;
}

/** What an original's line tells about its copy. */
function originOf(original: NewLine): CopyOrigin {
  return {
    playerId: original.speakerId,
    ...(original.replyTo ? { replyTo: original.replyTo } : {}),
    ...(original.mentions ? { mentions: original.mentions } : {}),
  };
}

/**
 * A copy's line with what its original told: the person behind it; whom the original replied to,
 * unless the copy names someone itself; every persona either mentioned.
 */
function withOrigin(
  line: Pick<Line, 'replyTo' | 'mentions'>,
  origin: CopyOrigin,
): Pick<Line, 'playerId' | 'replyTo' | 'mentions'> {
  const replyTo = line.replyTo ?? origin.replyTo;
  const mentions = [...new Set([...(line.mentions ?? []), ...(origin.mentions ?? [])])];
  return {
    playerId: origin.playerId,
    ...(replyTo ? { replyTo } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
  };
}

function sampleOf(message: Message): { content: string; files: string[] } {
  return { content: message.content, files: [...message.attachments.values()].map((a) => a.name) };
}

export class ProxiedMessages {
  private readonly appIds: ReadonlySet<string>;
  private readonly holdMs: number;
  /** guild id → whether a proxy bot is a member, and until when that answer holds. */
  private readonly members = new Map<string, { present: boolean; until: number }>();
  /** Pending releases by their timer, run at once on shutdown. */
  private readonly pending = new Map<NodeJS.Timeout, () => Promise<void>>();

  constructor(private readonly input: ProxiedMessagesInput) {
    this.appIds = new Set(input.proxyAppIds);
    this.holdMs = input.holdMs ?? DEFAULT_PROXY_HOLD_MS;
  }

  /** A proxy bot's webhook message: a person speaking as a character. */
  isProxied(message: Pick<Message, 'webhookId' | 'applicationId'>): boolean {
    return (
      message.webhookId !== null && message.applicationId !== null && this.appIds.has(message.applicationId)
    );
  }

  /** The character's line for a proxy's copy (`base` is the line read as any person's). */
  async receiveCopy(message: Message<true>, base: NewLine, receivedAt: number): Promise<void> {
    const { deps, holds } = this.input;
    const channelId = message.channelId;
    await holds.markSeen(channelId, PROXY_SEEN_TTL_MS);
    const name = message.author.username;
    const line: NewLine = {
      ...base,
      speakerId: characterSpeakerId(message.applicationId ?? '', name),
      speakerName: name,
    };
    delete line.fromBot;
    const copy: ProxyCopy = { ...sampleOf(message), at: message.createdTimestamp };
    const original = await this.replacedOriginal(channelId, copy);
    if (original) Object.assign(line, withOrigin(line, originOf(original.line)));
    // Unmatched, it waits for its original (handled later, maybe by another process), which drops itself.
    else await holds.addCopy(channelId, message.id, copy);
    // No Discord reply of its own, and no original to tell: PluralKit's quote may say whom it answers.
    if (!line.replyTo) {
      const quoted = await quotedReplyTarget(message, deps.history);
      if (quoted) line.replyTo = quoted;
    }
    // The player's message is the original: typing after it is them going on, not this line.
    const stored = await receiveLine(deps, channelId, line, {
      receivedAt: original ? original.receivedAt : receivedAt,
    });
    if (!stored) return; // deleted (through the proxy) before it was stored
    // The original may have come meanwhile and told who is behind the character.
    const origin = original ? undefined : await holds.originOf(channelId, message.id);
    if (origin !== undefined) await this.applyOrigin(channelId, message.id, stored, origin);
  }

  /**
   * The original a copy replaces, taken out of the hold (or, stored already, out of history); its
   * line's speaker is the person behind the character.
   */
  private async replacedOriginal(channelId: string, copy: ProxyCopy): Promise<HeldMessage | undefined> {
    const { deps, holds } = this.input;
    const { held } = await holds.records(channelId);
    const candidates = [...held.entries()].sort(([, a], [, b]) => a.at - b.at);
    for (const [messageId, entry] of candidates) {
      if (!isProxyCopyOf(entry, copy)) continue;
      // Whoever takes it decides: if the hold ended first, the original is a stored line by now.
      const taken = await holds.take(channelId, messageId);
      if (!taken) await deps.history.removeByMessageId(channelId, messageId);
      return entry;
    }
    // Slower than the hold: the original is a line already, and its deletion removes it.
    return undefined;
  }

  /**
   * A person's line: held while a proxy may replace it, else stored now. Resolves once it is held or
   * stored (the release runs on a timer).
   */
  async receivePerson(message: Message<true>, line: NewLine, receivedAt: number): Promise<void> {
    const { deps, holds } = this.input;
    const channelId = message.channelId;
    if (!(await this.expectsProxies(message))) {
      await receiveLine(deps, channelId, line, { receivedAt });
      return;
    }
    const sample = sampleOf(message);
    // Its copy was handled first: this original is replaced already.
    if (await this.linkCopy(channelId, sample, line, receivedAt)) return;
    const held: HeldMessage = { line, ...sample, at: message.createdTimestamp, receivedAt };
    // Deleted already (the proxy was quick, or deleted before posting): never a line.
    if (!(await holds.hold(channelId, message.id, held))) {
      await this.linkCopy(channelId, sample, line, receivedAt);
      return;
    }
    const release = () =>
      this.release(channelId, message.id, receivedAt).catch((err: unknown) =>
        deps.log.error({ err, channelId }, 'could not release a held line'),
      );
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void release();
    }, this.holdMs);
    this.pending.set(timer, release);
  }

  private async release(channelId: string, messageId: string, receivedAt: number): Promise<void> {
    const held = await this.input.holds.take(channelId, messageId);
    if (!held) return;
    if (held.deleted) {
      await this.linkCopy(channelId, held, held.line, receivedAt);
      return;
    }
    await receiveLine(this.input.deps, channelId, held.line, { receivedAt, heldMs: this.holdMs });
  }

  /**
   * When a proxy's copy of this original (which arrived at `receivedAt`) came first, takes it and tells
   * its line what the original says. True when there was one.
   */
  private async linkCopy(
    channelId: string,
    original: Sample,
    line: NewLine,
    receivedAt: number,
  ): Promise<boolean> {
    const { deps, holds } = this.input;
    const { copies } = await holds.records(channelId);
    for (const [copyId, copy] of copies) {
      const origin = originOf(line);
      if (!isProxyCopyOf(original, copy) || !(await holds.takeCopy(channelId, copyId, origin))) continue;
      // The person sent: the typing that wrote it holds nobody now (their character's line, stored
      // before anyone knew whose it was, could not say so).
      await personSent(deps, channelId, origin.playerId, receivedAt);
      const character = await deps.history.findByMessageId(channelId, copyId);
      if (character) await this.applyOrigin(channelId, copyId, character, origin);
      return true;
    }
    return false;
  }

  /** The copy's line, stored before its original came, learns what the original tells. */
  private async applyOrigin(channelId: string, messageId: string, line: Line, origin: CopyOrigin) {
    await this.input.deps.history.editByMessageId(channelId, messageId, {
      text: line.text,
      ...withOrigin(line, origin),
    });
  }

  /** A message was deleted: if it is held (or still to arrive), it never becomes a line. */
  async deleted(channelId: string, messageId: string): Promise<void> {
    await this.input.holds.markDeleted(channelId, messageId);
  }

  /**
   * Whether a proxy may replace people's messages here: its bot is in the server (known in memory, so a
   * server with a proxy bot costs no Redis round trip per message), or it spoke in the channel lately.
   */
  private async expectsProxies(message: Message<true>): Promise<boolean> {
    if (this.appIds.size === 0) return false;
    return (await this.proxyInServer(message)) || this.input.holds.seen(message.channelId);
  }

  /** Whether a proxy bot is a member of the message's server, asked of Discord at most every few minutes. */
  private async proxyInServer(message: Message<true>): Promise<boolean> {
    const now = Date.now();
    const known = this.members.get(message.guildId);
    if (known && known.until > now) return known.present;
    // A bot's user id is its application's id (every application made since 2016, proxies included).
    const found = await Promise.all(
      [...this.appIds].map((id) =>
        message.guild.members.fetch({ user: id, cache: true }).then(
          () => true,
          () => false,
        ),
      ),
    );
    const present = found.some(Boolean);
    this.members.set(message.guildId, { present, until: now + PROXY_MEMBER_CHECK_MS });
    return present;
  }

  /** Shutdown: the lines still held are released at once rather than lost. */
  async flush(): Promise<void> {
    const releases = [...this.pending.entries()];
    this.pending.clear();
    for (const [timer] of releases) clearTimeout(timer);
    await Promise.all(releases.map(([, release]) => release()));
  }
}
