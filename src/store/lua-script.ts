// Registers a Lua script on a connection with ioredis `defineCommand` (EVALSHA, falling back to EVAL
// once after a SCRIPT FLUSH or a restart) and returns a plain function to call it. The one cast to
// reach the dynamically added method lives here, so the stores stay free of module augmentation.
import type { RedisClient } from './redis-connection.js';

export interface LuaScriptDefinition {
  /** The command name ioredis adds to the connection; prefixed `troupe` so it never shadows a real command. */
  name: string;
  /** How many leading arguments are keys (the rest are ARGV). */
  numberOfKeys: number;
  lua: string;
}

/** Runs the script with its KEYS then its ARGV; the reply is left for the caller to narrow. */
export type LuaScript = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;

type DefinedCommand = (...keysAndArgs: Array<string | number>) => Promise<unknown>;

export function defineLuaScript(redis: RedisClient, definition: LuaScriptDefinition): LuaScript {
  const { name, numberOfKeys, lua } = definition;
  // Redefining the same name on a shared connection (two stores, one Redis) is harmless: same script.
  redis.defineCommand(name, { numberOfKeys, lua });
  const command = (redis as unknown as Record<string, DefinedCommand>)[name];
  if (typeof command !== 'function') throw new Error(`ioredis did not define the script command ${name}`);
  return (keys, args) => {
    if (keys.length !== numberOfKeys) {
      throw new TypeError(`${name} takes ${numberOfKeys} keys, got ${keys.length}`);
    }
    return command.call(redis, ...keys, ...args);
  };
}
