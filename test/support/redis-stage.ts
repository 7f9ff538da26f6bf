// A `Stage` that records posts in a Redis list, so a test can see what a worker in another process
// posted. Test-only.
import type { RedisClient } from '../../src/store/redis-connection.js';
import type { Persona } from '../../src/core/persona.js';
import type { PostedMessage, Stage } from '../../src/core/ports.js';

export interface StagedPost {
  channelId: string;
  personaId: string;
  username: string;
  text: string;
  messageIds: string[];
  pid: number;
}

export class RedisStage implements Stage {
  constructor(
    private readonly redis: RedisClient,
    private readonly listKey: string,
  ) {}

  async typing(): Promise<void> {}

  async post(channelId: string, persona: Persona, chunks: string[]): Promise<PostedMessage> {
    const n = await this.redis.incr(`${this.listKey}:ids`);
    const messageIds = chunks.map((_, i) => `msg-${n}-${i}`);
    const post: StagedPost = {
      channelId,
      personaId: persona.id,
      username: persona.name,
      text: chunks.join('\n'),
      messageIds,
      pid: process.pid,
    };
    await this.redis.rpush(this.listKey, JSON.stringify(post));
    return { messageIds };
  }

  /** Records the edit as a post of its own (keeping the edited ids, minting ids for extra chunks). */
  async edit(
    channelId: string,
    persona: Persona,
    messageIds: string[],
    chunks: string[],
  ): Promise<PostedMessage> {
    const n = await this.redis.incr(`${this.listKey}:ids`);
    const ids = chunks.map((_, i) => messageIds[i] ?? `msg-${n}-${i}`);
    const post: StagedPost = {
      channelId,
      personaId: persona.id,
      username: persona.name,
      text: chunks.join('\n'),
      messageIds: ids,
      pid: process.pid,
    };
    await this.redis.rpush(this.listKey, JSON.stringify(post));
    return { messageIds: ids };
  }

  static async posts(redis: RedisClient, listKey: string): Promise<StagedPost[]> {
    return (await redis.lrange(listKey, 0, -1)).map((raw) => JSON.parse(raw) as StagedPost);
  }
}
