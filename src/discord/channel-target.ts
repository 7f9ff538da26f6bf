// Where a post for a channel id goes. Threads are channels of their own for history and settings, but
// Discord gives threads no webhooks: a thread is posted to through its parent's webhook with thread_id.
// A process with a gateway session knows its channels from the gateway's cache; a worker, which has
// none, asks Discord over REST (GET /channels/{id}) and remembers the answer: whether a channel is a
// thread, and of which parent, never changes.
import type { APIChannel, Client } from 'discord.js';
import { ChannelType, Routes } from 'discord.js';

export interface ChannelTarget {
  /** The channel (or thread) the post appears in. */
  channelId: string;
  /** The channel whose webhook posts it: the thread's parent, or the channel itself. */
  rootId: string;
  /** Set for threads. */
  threadId?: string;
}

/** Channels whose target a process remembers from REST; the oldest is forgotten past this. */
const REMEMBERED_TARGETS = 10_000;

const THREAD_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** Finds the target of a channel id, for one client. */
export class ChannelTargets {
  /** Targets learnt over REST, oldest first. */
  private readonly remembered = new Map<string, ChannelTarget>();

  constructor(private readonly client: Client) {}

  async get(channelId: string): Promise<ChannelTarget> {
    const cached = this.client.channels.cache.get(channelId);
    if (cached) {
      return cached.isThread() && cached.parentId
        ? { channelId, rootId: cached.parentId, threadId: cached.id }
        : { channelId, rootId: channelId };
    }
    const known = this.remembered.get(channelId);
    if (known) return known;
    // Raw REST: discord.js's channels.fetch gives nothing for a channel of a server it has not cached.
    const channel = (await this.client.rest.get(Routes.channel(channelId))) as APIChannel;
    const parentId = 'parent_id' in channel ? channel.parent_id : undefined;
    const target =
      THREAD_TYPES.has(channel.type) && parentId
        ? { channelId, rootId: parentId, threadId: channelId }
        : { channelId, rootId: channelId };
    if (this.remembered.size >= REMEMBERED_TARGETS)
      this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(channelId, target);
    return target;
  }
}
