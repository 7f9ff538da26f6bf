// The whole bot on a Redis Cluster (REDIS_CLUSTER_NODES; REDIS_URL points where nothing answers), as a
// channel sees it: a person's line is answered once by a persona through the webhook, the history is in
// the cluster, and /healthz says whether every master answers.
import { afterEach, expect, it } from 'vitest';
import { LocalRedisCluster } from '../../support/redis-cluster.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

/** A cluster of this file's own, on ports no other test uses, so it can lose a master. */
const OWN_CLUSTER_PORT = Number(process.env.TEST_REDIS_CLUSTER_PORT ?? 7000) + 10;

let world: TroupeWorld | undefined;
let ownCluster: LocalRedisCluster | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await ownCluster?.stop();
  ownCluster = undefined;
});

it('GIVEN the bot on a Redis Cluster WHEN Mia speaks to a persona THEN it answers once through the webhook', async () => {
  world = await startTroupeOnDiscord({ redisCluster: true });
  const { server, channel, mia } = world;
  const add = world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false });
  expect(await world.replyTo(add)).toEqual({ content: 'Ling Lu joined the scene.', ephemeral: true });

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, how does the new song go?' });
  const reply = await server.waitForMessage(channel.id, (m) => m.webhook_id !== undefined, 10_000);
  expect(reply.author.username).toBe('Ling Lu');
  expect(reply.content.length).toBeGreaterThan(0);
  await settle(world, 600);
  expect(server.messages(channel.id).filter((m) => m.webhook_id !== undefined)).toHaveLength(1);

  // What the channel shows is what the cluster holds (read through a cluster client).
  const history = await world.history();
  expect(history.map((l) => [l.kind, l.speakerName, l.text])).toEqual([
    ['person', 'Mia', 'Ling Lu, how does the new song go?'],
    ['persona', 'Ling Lu', reply.content],
  ]);
  const health = await fetch(`${world.apps[0]!.httpUrl!}/healthz`);
  expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
});

it('GIVEN the bot on a Redis Cluster WHEN a master goes away THEN /healthz answers 503 naming it, and 200 once it is back', async () => {
  ownCluster = new LocalRedisCluster(OWN_CLUSTER_PORT);
  await ownCluster.ensure();
  world = await startTroupeOnDiscord({ config: { REDIS_CLUSTER_NODES: ownCluster.nodesVariable } });
  const url = world.apps[0]!.httpUrl!;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);

  const lost = ownCluster.ports[1]!;
  ownCluster.stopNode(lost);
  const down = await waitFor(
    '/healthz to fail',
    async () => {
      const response = await fetch(`${url}/healthz`);
      return response.status === 503 ? response.text() : undefined;
    },
    20_000,
  );
  expect(down).toContain(`redis: master 127.0.0.1:${lost}`);

  ownCluster.startNode(lost);
  await ownCluster.ensure();
  await waitFor('/healthz to recover', async () => (await fetch(`${url}/healthz`)).status === 200, 20_000);
  // A node's stop and restart, and the client's slot reload, take seconds more on a busy machine.
}, 90_000);
