// How many of this process's Discord shards are READY, for /readyz and the troupe_discord_shards_ready
// gauge. A shard that is connecting, resuming or waiting for its guilds is not ready: messages it would
// carry are not being read yet.
import { Status, type Client } from 'discord.js';
import type { HealthProbe } from '../http/health-routes.js';

export interface ShardReadiness {
  ready: number;
  /** Shards this process owns (known once login has asked Discord how many). */
  total: number;
  /** `shard 1: Resuming`, one per shard that is not ready. */
  notReady: string[];
}

export function shardReadiness(client: Client): ShardReadiness {
  const shards = [...client.ws.shards.values()];
  const notReady = shards
    .filter((shard) => shard.status !== Status.Ready)
    .map((shard) => `shard ${shard.id}: ${Status[shard.status] ?? shard.status}`);
  return { ready: shards.length - notReady.length, total: shards.length, notReady };
}

export function discordHealthProbe(client: Client): HealthProbe {
  return {
    name: 'discord',
    async check() {
      const { total, notReady } = shardReadiness(client);
      if (total === 0) return 'no gateway session yet';
      return notReady.length === 0 ? undefined : notReady.join(', ');
    },
  };
}
