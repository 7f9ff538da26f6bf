// REDIS_CLUSTER_NODES: the seed nodes of a Redis Cluster, as host:port or redis:// / rediss:// URLs.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('REDIS_CLUSTER_NODES', () => {
  it('GIVEN none (or blank) THEN one Redis at REDIS_URL', () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: '  ' }).REDIS_CLUSTER_NODES).toBeUndefined();
  });

  it('GIVEN host:port pairs THEN the seed nodes, without TLS or credentials', () => {
    expect(
      loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[::1]:7002,' }).REDIS_CLUSTER_NODES,
    ).toEqual({
      nodes: [
        { host: 'redis-a', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      tls: false,
    });
  });

  it('GIVEN rediss:// URLs with a user and password THEN every node shares them, over TLS', () => {
    const nodes = 'rediss://troupe:s%40cret@a.example:6379,rediss://troupe:s%40cret@b.example:6379';
    expect(loadConfig({ REDIS_CLUSTER_NODES: nodes }).REDIS_CLUSTER_NODES).toEqual({
      nodes: [
        { host: 'a.example', port: 6379 },
        { host: 'b.example', port: 6379 },
      ],
      tls: true,
      username: 'troupe',
      password: 's@cret',
    });
  });

  it('GIVEN a malformed node THEN an error naming the variable, never echoing the value', () => {
    const fails = (value: string, message: RegExp) => {
      let error: unknown;
      try {
        loadConfig({ REDIS_CLUSTER_NODES: value });
      } catch (err) {
        error = err;
      }
      expect(String(error)).toMatch(message);
      expect(String(error)).not.toContain('hunter2');
    };
    fails('redis-a', /REDIS_CLUSTER_NODES: each node is host:port/);
    fails('http://a:1', /REDIS_CLUSTER_NODES: each node is host:port/);
    fails('a:7000/2', /REDIS_CLUSTER_NODES: a cluster has no database number/);
    fails(',', /REDIS_CLUSTER_NODES: at least one host:port/);
    fails('rediss://:hunter2@a:1,redis://b:2', /REDIS_CLUSTER_NODES: every node must use the same scheme/);
    fails('redis://:hunter2@a:x', /REDIS_CLUSTER_NODES/);
  });
});
