// Snowflake ids for the fake: numeric strings built from the clock, like Discord's, so discord.js can
// read `createdTimestamp` from them and @discordjs/rest's bucket regexes (17–19 digits) match.
import { randomBytes } from 'node:crypto';

/** Discord's epoch (2015-01-01T00:00:00Z) in ms. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000n;

// The low 22 bits: 5 bits worker, 5 bits process, 12 bits increment. The fake uses worker 1, process 0.
const WORKER_BITS = 1n << 17n;
const INCREMENT_MASK = 0xfffn;

let lastMs = 0n;
let increment = 0n;

/** A new, strictly increasing snowflake for the current time. */
export function nextSnowflake(nowMs: number = Date.now()): string {
  let ms = BigInt(nowMs) - DISCORD_EPOCH_MS;
  // Ids must stay unique and ordered even when 4096 are made in one millisecond or the clock steps back.
  if (ms <= lastMs) {
    ms = lastMs;
    increment = (increment + 1n) & INCREMENT_MASK;
    if (increment === 0n) ms += 1n;
  } else {
    increment = 0n;
  }
  lastMs = ms;
  return ((ms << 22n) | WORKER_BITS | increment).toString();
}

/**
 * A new snowflake of a guild that lands on `shardId` of `shardCount` ((id >> 22) % count, Discord's
 * formula): the next ids, stepping the millisecond forward until one fits (at most `shardCount` steps).
 */
export function nextSnowflakeOnShard(shardId: number, shardCount: number): string {
  let id = nextSnowflake();
  while (Number((BigInt(id) >> 22n) % BigInt(shardCount)) !== shardId) {
    id = nextSnowflake(snowflakeTimestampMs(id) + 1);
  }
  return id;
}

/** The creation time of a snowflake, in ms since the Unix epoch. */
export function snowflakeTimestampMs(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}

/** A random URL-safe secret (webhook and interaction tokens). */
export function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}
