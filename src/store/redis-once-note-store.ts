// One-time notes in Redis (`/scene once`): per channel a list of `{ id, text }` JSON, oldest first.
// Every turn reads the list; only the turn that posts removes the notes it used, each by its exact
// value, so a note added while that turn was generating stays for the next one. Notes nobody used
// expire, so a note typed into a channel that went quiet does not surface days later.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection.js';
import type { OnceNoteStore, PendingNote } from '../core/ports.js';
import type { Keys } from './keys.js';

export interface RedisOnceNoteStoreOptions {
  /** How long unused notes wait, ms (renewed by each new note). @defaultValue 86_400_000 (a day) */
  ttlMs?: number;
}

export const DEFAULT_ONCE_NOTE_TTL_MS = 24 * 60 * 60 * 1000;

/** The stored form; `consume` rebuilds it to remove exactly this entry. */
function encode(note: PendingNote): string {
  return JSON.stringify({ id: note.id, text: note.text });
}

export class RedisOnceNoteStore implements OnceNoteStore {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    options: RedisOnceNoteStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_ONCE_NOTE_TTL_MS;
  }

  async add(channelId: string, text: string): Promise<PendingNote> {
    const note = { id: randomUUID(), text };
    const key = this.keys.onceNotes(channelId);
    await this.redis.multi().rpush(key, encode(note)).pexpire(key, this.ttlMs).exec();
    return note;
  }

  async pending(channelId: string): Promise<PendingNote[]> {
    const raws = await this.redis.lrange(this.keys.onceNotes(channelId), 0, -1);
    return raws.map((raw) => JSON.parse(raw) as PendingNote);
  }

  async consume(channelId: string, notes: readonly PendingNote[]): Promise<void> {
    if (notes.length === 0) return;
    const key = this.keys.onceNotes(channelId);
    const tx = this.redis.multi();
    for (const note of notes) tx.lrem(key, 1, encode(note));
    await tx.exec();
  }

  async clear(channelId: string): Promise<void> {
    await this.redis.del(this.keys.onceNotes(channelId));
  }
}
