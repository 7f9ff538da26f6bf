// A real local Redis Cluster for tests and benchmarks: three `redis-server --cluster-enabled yes` masters
// on loopback ports 7000-7002 (TEST_REDIS_CLUSTER_PORT moves the first), joined by
// `redis-cli --cluster create … --cluster-replicas 0`. The first caller starts it (daemonized, data under
// the temp folder) and every later caller, in this run or the next, reuses it. Vitest runs test files in
// parallel processes, so the start is guarded by a lock directory (mkdir is atomic): one process starts
// the nodes, the others wait for `cluster_state:ok`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisClusterConfig } from '../../src/config.js';

const FIRST_PORT = Number(process.env.TEST_REDIS_CLUSTER_PORT ?? 7000);
/** Three masters: the fewest `redis-cli --cluster create` accepts. */
export const CLUSTER_PORTS = [FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2];
const HOST = '127.0.0.1';
const BASE_DIR = join(tmpdir(), `troupe-redis-cluster-${FIRST_PORT}`);
const LOCK_DIR = join(BASE_DIR, 'lock');
/** How long any caller waits for the cluster (starting it, or another process starting it), ms. */
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

/** The cluster as REDIS_CLUSTER_NODES (and `openRedis({ cluster })`) takes it. */
export const TEST_CLUSTER: RedisClusterConfig = {
  nodes: CLUSTER_PORTS.map((port) => ({ host: HOST, port })),
  tls: false,
};
/** `REDIS_CLUSTER_NODES` of the test cluster. */
export const TEST_CLUSTER_NODES = CLUSTER_PORTS.map((port) => `${HOST}:${port}`).join(',');

let ready: Promise<RedisClusterConfig> | undefined;

/** Starts the local cluster unless it already runs; resolves once every node says `cluster_state:ok`. */
export function ensureRedisCluster(): Promise<RedisClusterConfig> {
  ready ??= reachCluster().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

async function reachCluster(): Promise<RedisClusterConfig> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await clusterOk()) return TEST_CLUSTER;
    if (takeLock()) {
      try {
        await startCluster(deadline);
        return TEST_CLUSTER;
      } finally {
        rmSync(LOCK_DIR, { recursive: true, force: true });
      }
    }
    await sleep(POLL_MS);
  }
  throw new Error(`the local Redis Cluster on ports ${CLUSTER_PORTS.join(', ')} was not ready within 60 s`);
}

/** True when this process now holds the start lock. A lock whose holder died is taken over. */
function takeLock(): boolean {
  mkdirSync(BASE_DIR, { recursive: true });
  try {
    mkdirSync(LOCK_DIR);
    writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (lockHolderAlive()) return false;
  rmSync(LOCK_DIR, { recursive: true, force: true });
  return false; // the next round tries again, racing fairly with the other waiters
}

function lockHolderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
  } catch {
    // The holder has made the directory but not yet written its pid: alive unless that was long ago.
    try {
      return Date.now() - statSync(LOCK_DIR).mtimeMs < 5_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startCluster(deadline: number): Promise<void> {
  for (const port of CLUSTER_PORTS) {
    if ((await nodeInfo(port)) === undefined) startNode(port);
  }
  const infos = await waitForNodes(deadline);
  // Fresh nodes (no slots, alone) are joined; nodes that already form the cluster (a node restarted
  // with its nodes.conf) find each other again on their own.
  if (
    infos.every(
      (info) => field(info, 'cluster_slots_assigned') === '0' && field(info, 'cluster_known_nodes') === '1',
    )
  ) {
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...CLUSTER_PORTS.map((p) => `${HOST}:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (create.error || create.status !== 0) {
      throw new Error(
        `redis-cli --cluster create failed: ${create.error?.message ?? create.stdout + create.stderr}`,
      );
    }
  }
  while (Date.now() < deadline) {
    if (await clusterOk()) return;
    await sleep(POLL_MS);
  }
  throw new Error(
    `the Redis Cluster on ports ${CLUSTER_PORTS.join(', ')} did not reach cluster_state:ok; ` +
      `stop those redis-servers and delete ${BASE_DIR} to start afresh`,
  );
}

function startNode(port: number): void {
  const dir = join(BASE_DIR, String(port));
  mkdirSync(dir, { recursive: true });
  const started = spawnSync(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      '5000',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      join(dir, 'redis.pid'),
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { encoding: 'utf8' },
  );
  if (started.error) {
    throw new Error(
      (started.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'redis-server is not installed (Debian: apt-get install redis-server), so the test Redis Cluster cannot start'
        : `could not start redis-server on ${port}: ${started.error.message}`,
    );
  }
}

/** Each node's CLUSTER INFO, once all answer; a port held by something else fails with its name. */
async function waitForNodes(deadline: number): Promise<string[]> {
  while (Date.now() < deadline) {
    const infos = await Promise.all(CLUSTER_PORTS.map(nodeInfo));
    if (infos.every((info) => info !== undefined)) return infos as string[];
    await sleep(POLL_MS);
  }
  throw new Error(
    `redis-server did not answer on ports ${CLUSTER_PORTS.join(', ')} (a port in use? see ${BASE_DIR}/<port>/redis.log, ` +
      'or set TEST_REDIS_CLUSTER_PORT)',
  );
}

async function clusterOk(): Promise<boolean> {
  const infos = await Promise.all(CLUSTER_PORTS.map(nodeInfo));
  return infos.every((info) => info !== undefined && field(info, 'cluster_state') === 'ok');
}

/**
 * The node's CLUSTER INFO, or undefined when nothing answers on the port. A Redis without cluster mode
 * there is an error that says so, never something to join.
 */
async function nodeInfo(port: number): Promise<string | undefined> {
  const probe = new Redis(port, HOST, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 500,
    commandTimeout: 1_000,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
  } catch {
    return undefined;
  }
  try {
    return await probe.cluster('INFO');
  } catch (err) {
    throw new Error(
      `port ${port} has a Redis without cluster mode (${(err as Error).message}); set TEST_REDIS_CLUSTER_PORT`,
    );
  } finally {
    probe.disconnect();
  }
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
