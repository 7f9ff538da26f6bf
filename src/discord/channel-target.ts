// Where a post for a channel id goes. Threads are channels of their own for history and settings, but
// Discord gives threads no webhooks: a thread is posted to through its parent's webhook with thread_id.
import type { Client } from 'discord.js';

export interface ChannelTarget {
  /** The channel (or thread) the post appears in. */
  channelId: string;
  /** The channel whose webhook posts it: the thread's parent, or the channel itself. */
  rootId: string;
  /** Set for threads. */
  threadId?: string;
}

export async function channelTarget(client: Client, channelId: string): Promise<ChannelTarget> {
  const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
  if (channel?.isThread() && channel.parentId) {
    return { channelId, rootId: channel.parentId, threadId: channel.id };
  }
  return { channelId, rootId: channelId };
}
