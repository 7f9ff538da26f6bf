// The environment schema: defaults, every problem reported at once, and secrets never echoed or logged.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, INTERNATIONAL_BASE_URL, loadConfig, usesSimulator } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

describe('loadConfig', () => {
  it('GIVEN an empty environment THEN the documented defaults, and the simulator', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      MODEL_BASE_URL: INTERNATIONAL_BASE_URL,
      MODEL: 'qwen-plus-character',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PERSONAS_DIR: './personas',
      HISTORY_LIMIT: 500,
      LOG_LEVEL: 'info',
      MODEL_PREFIX_MODE: 'partial',
    });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(usesSimulator(config)).toBe(true);
    expect(usesSimulator(loadConfig({ DASHSCOPE_API_KEY: 'sk-1' }))).toBe(false);
  });

  it('GIVEN several mistakes THEN one error lists every one of them, naming the variable, never its value', () => {
    let error: unknown;
    try {
      loadConfig({
        LOG_LEVEL: 'loud',
        HISTORY_LIMIT: '-3',
        MODEL_BASE_URL: 'not a url sk-secret',
        MODEL_PREFIX_MODE: 'magic',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['LOG_LEVEL', 'HISTORY_LIMIT', 'MODEL_BASE_URL', 'MODEL_PREFIX_MODE']),
    );
    expect((error as Error).message).not.toContain('sk-secret');
  });

  it('GIVEN blank optional values THEN they count as unset', () => {
    const config = loadConfig({ DISCORD_TOKEN: '  ', DASHSCOPE_API_KEY: '' });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(usesSimulator(config)).toBe(true);
  });
});

describe('logger', () => {
  it('GIVEN a token, an API key and a webhook URL in a log object THEN none reaches the output', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        token: 'discord-token-123',
        apiKey: 'sk-abc',
        webhookUrl: 'https://discord.com/api/webhooks/1/xyz',
        headers: { authorization: 'Bearer sk-abc' },
      },
      'hello',
    );
    expect(out).toContain('hello');
    for (const secret of ['discord-token-123', 'sk-abc', 'webhooks/1/xyz']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });
});

describe('PROXY_BOT_IDS', () => {
  it('GIVEN none THEN no extra proxies; GIVEN ids THEN they are listed; GIVEN a non-id THEN a clear problem', () => {
    expect(loadConfig({}).PROXY_BOT_IDS).toEqual([]);
    expect(loadConfig({ PROXY_BOT_IDS: ' 123456789012345678, 234567890123456789 ' }).PROXY_BOT_IDS).toEqual([
      '123456789012345678',
      '234567890123456789',
    ]);
    expect(() => loadConfig({ PROXY_BOT_IDS: 'tupperbox' })).toThrow(/PROXY_BOT_IDS.*application ids/);
  });
});
