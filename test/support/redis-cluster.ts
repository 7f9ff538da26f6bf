// A real local Redis Cluster for tests and benchmarks: three `redis-server --cluster-enabled yes` masters
// on loopback ports 7000-7002 (TEST_REDIS_CLUSTER_PORT moves the first), joined by
// `redis-cli --cluster create … --cluster-replicas 0`. The first caller starts it (daemonized, data under
// the temp folder) and every later caller, in this run or the next, reuses it. Vitest runs test files in
// parallel processes, so the start is guarded by a lock directory (mkdir is atomic): one process starts
// the nodes, the others wait for `cluster_state:ok`. A test that takes nodes away runs a cluster of its
// own on other ports (`new LocalRedisCluster(port)`) and stops it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisClusterConfig } from '../../src/config.js';

const HOST = '127.0.0.1';
/** Three masters: the fewest `redis-cli --cluster create` accepts. */
const MASTERS = 3;
/** How long any caller waits for the cluster (starting it, or another process starting it), ms. */
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

export class LocalRedisCluster {
  /** The nodes' ports, `firstPort` and the next two. */
  readonly ports: number[];
  /** The cluster as `openRedis({ cluster })` and config.ts take it. */
  readonly config: RedisClusterConfig;
  /** The cluster as REDIS_CLUSTER_NODES names it. */
  readonly nodesVariable: string;
  private readonly baseDir: string;
  private readonly lockDir: string;
  private ready: Promise<RedisClusterConfig> | undefined;

  constructor(firstPort: number) {
    this.ports = Array.from({ length: MASTERS }, (_, i) => firstPort + i);
    this.config = { nodes: this.ports.map((port) => ({ host: HOST, port })), tls: false };
    this.nodesVariable = this.ports.map((port) => `${HOST}:${port}`).join(',');
    this.baseDir = join(tmpdir(), `troupe-redis-cluster-${firstPort}`);
    this.lockDir = join(this.baseDir, 'lock');
  }

  /** Starts the cluster unless it already runs; resolves once every node says `cluster_state:ok`. */
  ensure(): Promise<RedisClusterConfig> {
    this.ready ??= this.reach().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /** Stops one node (SIGTERM to the redis-server this helper started on `port`), as a crash would. */
  stopNode(port: number): void {
    const pidFile = join(this.baseDir, String(port), 'redis.pid');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(pid, 'SIGTERM');
    this.ready = undefined;
  }

  /** Starts a stopped node again with its nodes.conf, so it rejoins the cluster. */
  startNode(port: number): void {
    this.launch(port);
  }

  /** Stops every node and deletes the data: for a test's own cluster, never the shared one. */
  async stop(): Promise<void> {
    for (const port of this.ports) {
      try {
        this.stopNode(port);
      } catch {
        // not running
      }
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await Promise.all(this.ports.map((p) => nodeInfo(p)))).some(Boolean)) {
      await sleep(POLL_MS);
    }
    rmSync(this.baseDir, { recursive: true, force: true });
  }

  /** True when every node answers and says `cluster_state:ok`. */
  async ok(): Promise<boolean> {
    const infos = await Promise.all(this.ports.map((p) => nodeInfo(p)));
    return infos.every((info) => info !== undefined && field(info, 'cluster_state') === 'ok');
  }

  private async reach(): Promise<RedisClusterConfig> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (await this.ok()) return this.config;
      if (this.takeLock()) {
        try {
          await this.start(deadline);
          return this.config;
        } finally {
          rmSync(this.lockDir, { recursive: true, force: true });
        }
      }
      await sleep(POLL_MS);
    }
    throw new Error(`the local Redis Cluster on ports ${this.ports.join(', ')} was not ready within 60 s`);
  }

  /** True when this process now holds the start lock. A lock whose holder died is taken over. */
  private takeLock(): boolean {
    mkdirSync(this.baseDir, { recursive: true });
    try {
      mkdirSync(this.lockDir);
      writeFileSync(join(this.lockDir, 'pid'), String(process.pid));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (this.lockHolderAlive()) return false;
    rmSync(this.lockDir, { recursive: true, force: true });
    return false; // the next round tries again, racing fairly with the other waiters
  }

  private lockHolderAlive(): boolean {
    let pid: number;
    try {
      pid = Number(readFileSync(join(this.lockDir, 'pid'), 'utf8'));
    } catch {
      // The holder has made the directory but not yet written its pid: alive unless that was long ago.
      try {
        return Date.now() - statSync(this.lockDir).mtimeMs < 5_000;
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

  private async start(deadline: number): Promise<void> {
    for (const port of this.ports) {
      if ((await nodeInfo(port)) === undefined) this.launch(port);
    }
    const infos = await this.waitForNodes(deadline);
    // Fresh nodes (no slots, alone) are joined; nodes that already form the cluster (a node restarted
    // with its nodes.conf) find each other again on their own.
    const fresh = infos.every(
      (info) => field(info, 'cluster_slots_assigned') === '0' && field(info, 'cluster_known_nodes') === '1',
    );
    if (fresh) {
      const create = spawnSync(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...this.ports.map((p) => `${HOST}:${p}`),
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
      if (await this.ok()) return;
      await sleep(POLL_MS);
    }
    throw new Error(
      `the Redis Cluster on ports ${this.ports.join(', ')} did not reach cluster_state:ok; ` +
        `stop those redis-servers and delete ${this.baseDir} to start afresh`,
    );
  }

  private launch(port: number): void {
    const dir = join(this.baseDir, String(port));
    mkdirSync(dir, { recursive: true });
    // prettier-ignore
    const started = spawnSync(
      'redis-server',
      [
        '--port', String(port),
        '--bind', HOST,
        '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${port}.conf`,
        '--cluster-node-timeout', '5000',
        '--dir', dir,
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'yes',
        '--pidfile', join(dir, 'redis.pid'),
        '--logfile', join(dir, 'redis.log'),
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
  private async waitForNodes(deadline: number): Promise<string[]> {
    while (Date.now() < deadline) {
      const infos = await Promise.all(this.ports.map((p) => nodeInfo(p)));
      if (infos.every((info) => info !== undefined)) return infos as string[];
      await sleep(POLL_MS);
    }
    throw new Error(
      `redis-server did not answer on ports ${this.ports.join(', ')} (a port in use? see ` +
        `${this.baseDir}/<port>/redis.log, or set TEST_REDIS_CLUSTER_PORT)`,
    );
  }
}

/** The cluster every test and benchmark shares. */
export const SHARED_CLUSTER = new LocalRedisCluster(Number(process.env.TEST_REDIS_CLUSTER_PORT ?? 7000));
/** The shared cluster as `openRedis({ cluster })` takes it. */
export const TEST_CLUSTER = SHARED_CLUSTER.config;
/** `REDIS_CLUSTER_NODES` of the shared cluster. */
export const TEST_CLUSTER_NODES = SHARED_CLUSTER.nodesVariable;

/** Starts the shared cluster unless it already runs. */
export function ensureRedisCluster(): Promise<RedisClusterConfig> {
  return SHARED_CLUSTER.ensure();
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
