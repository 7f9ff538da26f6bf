// Running for many servers: gateway shards per process (SHARD_COUNT, SHARDS) and the process's role
// (ROLE), read in config.ts and nowhere else (discord.js would read SHARDS and SHARD_COUNT from the
// environment itself: config.ts always passes them).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discordSharding, loadConfig } from '../../src/config.js';
import { createDiscordClient } from '../../src/discord/discord-client.js';

describe('SHARD_COUNT and SHARDS', () => {
  it('GIVEN neither THEN Discord recommends the count and this process runs every shard', () => {
    expect(discordSharding(loadConfig({}))).toEqual({ shards: 'auto' });
    expect(discordSharding(loadConfig({ SHARD_COUNT: '', SHARDS: ' ' }))).toEqual({ shards: 'auto' });
  });

  it('GIVEN SHARD_COUNT alone THEN every shard here', () => {
    expect(discordSharding(loadConfig({ SHARD_COUNT: '3' }))).toEqual({ shards: [0, 1, 2], shardCount: 3 });
  });

  it('GIVEN SHARDS as a list, a JSON array or one id THEN those ids, sorted and unique', () => {
    expect(discordSharding(loadConfig({ SHARD_COUNT: '4', SHARDS: '3, 1,3' }))).toEqual({
      shards: [1, 3],
      shardCount: 4,
    });
    expect(loadConfig({ SHARD_COUNT: '4', SHARDS: '[0,2]' }).SHARDS).toEqual([0, 2]);
    expect(loadConfig({ SHARD_COUNT: '2', SHARDS: '1' }).SHARDS).toEqual([1]);
  });

  it('GIVEN bad values THEN one error naming each variable', () => {
    expect(() => loadConfig({ SHARDS: '0' })).toThrow(/SHARDS: needs SHARD_COUNT/);
    expect(() => loadConfig({ SHARD_COUNT: '2', SHARDS: '1,2' })).toThrow(/SHARDS: .*2 is out of range/);
    expect(() => loadConfig({ SHARD_COUNT: '2', SHARDS: 'first' })).toThrow(/SHARDS: shard ids/);
    expect(() => loadConfig({ SHARD_COUNT: '0' })).toThrow(/SHARD_COUNT/);
    expect(() => loadConfig({ SHARD_COUNT: 'two' })).toThrow(/SHARD_COUNT/);
  });

  it('GIVEN the discord.js client THEN it gets the shards from the config, not from its own environment reading', () => {
    const before = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
    process.env.SHARDS = '[5]';
    process.env.SHARD_COUNT = '9';
    try {
      const client = createDiscordClient({
        kind: 'main',
        sharding: discordSharding(loadConfig({ SHARD_COUNT: '2', SHARDS: '1' })),
      });
      expect(client.options.shards).toEqual([1]);
      expect(client.options.shardCount).toBe(2);
      const auto = createDiscordClient({ kind: 'main' });
      expect(auto.options.shards).toBe('auto');
      void client.destroy();
      void auto.destroy();
    } finally {
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('ROLE', () => {
  const bot = { DISCORD_TOKEN: 'token' };

  it('GIVEN nothing THEN all: one process does everything, as before', () => {
    expect(loadConfig({}).ROLE).toBe('all');
    expect(loadConfig({ ...bot, ROLE: 'gateway' }).ROLE).toBe('gateway');
    expect(loadConfig({ ...bot, ROLE: 'worker' }).ROLE).toBe('worker');
  });

  it('GIVEN an unknown role, or a split role without a bot token THEN the problem is named', () => {
    expect(() => loadConfig({ ...bot, ROLE: 'workers' })).toThrow(/ROLE/);
    expect(() => loadConfig({ ROLE: 'worker' })).toThrow(/ROLE: worker needs DISCORD_TOKEN/);
  });
});

describe('.env.example', () => {
  it('GIVEN the example as docker compose reads it (empty values included) THEN the config takes it, with the HTTP, sharding and role settings named', () => {
    const env: Record<string, string> = {};
    for (const line of readFileSync('.env.example', 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (match) env[match[1]!] = match[2]!;
    }
    const config = loadConfig(env);
    expect(config).toMatchObject({ HTTP_PORT: 8080, HTTP_HOST: '0.0.0.0', ROLE: 'all' });
    expect(discordSharding(config)).toEqual({ shards: 'auto' });
    const named = readFileSync('.env.example', 'utf8');
    for (const variable of ['HTTP_PORT', 'HTTP_HOST', 'PUBLIC_URL', 'SHARD_COUNT', 'SHARDS', 'ROLE'])
      expect(named).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
  });
});
