// Every Redis store adapter of the core, built on one connection and one key scheme. The composition
// root (app.ts) calls this once and shares the result (the Discord stage reads the same settings store
// the core writes); tests and benchmarks call it through wireCore, so they run the stores that ship.
import type { RedisClient } from './redis-connection.js';
import type { Clock, TokenCounter } from '../core/ports.js';
import type { Keys } from './keys.js';
import { RedisAlternativesStore } from './redis-alternatives-store.js';
import { RedisBudgetStore } from './redis-budget-store.js';
import { RedisCharacterStore } from './redis-character-store.js';
import { RedisFailureLog } from './redis-failure-log.js';
import { RedisGuildPersonaStore } from './redis-guild-persona-store.js';
import { RedisHistoryStore } from './redis-history-store.js';
import { RedisLoreStore } from './redis-lore-store.js';
import { RedisMemberCooldowns } from './redis-member-cooldowns.js';
import { RedisOnceNoteStore } from './redis-once-note-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import { RedisSettingsStore } from './redis-settings-store.js';
import { RedisTurnLedger } from './redis-turn-ledger.js';
import { RedisTypingPresence } from './redis-typing-presence.js';
import { RedisUsageStore } from './redis-usage-store.js';
import type { CoreLogger } from '../core/ports.js';

export interface RedisStoresOptions {
  /** Lines kept per channel. @defaultValue 500 */
  historyLimit?: number | undefined;
  clock?: Clock | undefined;
  /** Where a server persona that no longer validates is reported. */
  log?: CoreLogger | undefined;
  /** The model's tokenizer: history lines are stored with their token counts. */
  tokens?: TokenCounter | undefined;
}

export interface RedisStores {
  history: RedisHistoryStore;
  sessions: RedisSessionStore;
  settings: RedisSettingsStore;
  ledger: RedisTurnLedger;
  usage: RedisUsageStore;
  /** Spending caps and the daily spend `usage` records. */
  budget: RedisBudgetStore;
  notes: RedisOnceNoteStore;
  lore: RedisLoreStore;
  failures: RedisFailureLog;
  alternatives: RedisAlternativesStore;
  typing: RedisTypingPresence;
  characters: RedisCharacterStore;
  cooldowns: RedisMemberCooldowns;
  /** Servers' own personas (slash commands); not a core port: the persona catalog and the commands use it. */
  guildPersonas: RedisGuildPersonaStore;
}

export function createRedisStores(
  redis: RedisClient,
  keys: Keys,
  options: RedisStoresOptions = {},
): RedisStores {
  return {
    history: new RedisHistoryStore(redis, keys, {
      ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.tokens ? { tokens: options.tokens } : {}),
    }),
    sessions: new RedisSessionStore(redis, keys),
    settings: new RedisSettingsStore(redis, keys),
    ledger: new RedisTurnLedger(redis, keys),
    usage: new RedisUsageStore(redis, keys),
    budget: new RedisBudgetStore(redis, keys),
    notes: new RedisOnceNoteStore(redis, keys),
    lore: new RedisLoreStore(redis, keys),
    failures: new RedisFailureLog(redis, keys),
    alternatives: new RedisAlternativesStore(redis, keys),
    typing: new RedisTypingPresence(redis, keys),
    characters: new RedisCharacterStore(redis, keys),
    cooldowns: new RedisMemberCooldowns(redis, keys),
    guildPersonas: new RedisGuildPersonaStore(redis, keys, options.log),
  };
}
