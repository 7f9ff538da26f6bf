// Builds the core's dependencies on Redis (stores, BullMQ turn queue) around a model and a stage.
// The app, the benchmarks and the integration tests all wire the core through here, so what they run is
// what ships.
import type { Redis } from 'ioredis';
import { DEFAULT_CORE_OPTIONS, type CoreDeps, type CoreOptions } from './core/deps.js';
import type { AdminNotices, ChatModel, Clock, CoreLogger, PersonaCatalog, Stage } from './core/ports.js';
import { systemClock } from './core/ports.js';
import { TurnQueue } from './scheduler/turn-queue.js';
import type { Keys } from './store/keys.js';
import { RedisAlternativesStore } from './store/redis-alternatives-store.js';
import { RedisFailureLog } from './store/redis-failure-log.js';
import { RedisHistoryStore } from './store/redis-history-store.js';
import { RedisLoreStore } from './store/redis-lore-store.js';
import { RedisOnceNoteStore } from './store/redis-once-note-store.js';
import { RedisSessionStore } from './store/redis-session-store.js';
import { RedisSettingsStore } from './store/redis-settings-store.js';
import { RedisTurnLedger } from './store/redis-turn-ledger.js';
import { RedisTypingPresence } from './store/redis-typing-presence.js';
import { RedisUsageStore } from './store/redis-usage-store.js';

export interface WireCoreInput {
  redis: Redis;
  keys: Keys;
  model: ChatModel;
  stage: Stage;
  personas: PersonaCatalog;
  log: CoreLogger;
  historyLimit?: number;
  clock?: Clock;
  options?: Partial<CoreOptions>;
  /** Model attempts per turn. */
  attempts?: number;
  /** Where admin notices go (the terminal prints them; Discord tells the server's admins). */
  notices?: AdminNotices;
}

export interface WiredCore {
  deps: CoreDeps;
  queue: TurnQueue;
  settings: RedisSettingsStore;
  history: RedisHistoryStore;
  sessions: RedisSessionStore;
  usage: RedisUsageStore;
  notes: RedisOnceNoteStore;
  lore: RedisLoreStore;
  failures: RedisFailureLog;
}

export function wireCore(input: WireCoreInput): WiredCore {
  const { redis, keys } = input;
  const history = new RedisHistoryStore(redis, keys, {
    historyLimit: input.historyLimit,
    clock: input.clock,
  });
  const sessions = new RedisSessionStore(redis, keys);
  const settings = new RedisSettingsStore(redis, keys);
  const usage = new RedisUsageStore(redis, keys);
  const notes = new RedisOnceNoteStore(redis, keys);
  const lore = new RedisLoreStore(redis, keys);
  const failures = new RedisFailureLog(redis, keys);
  const queue = new TurnQueue(redis, redis, keys, { attempts: input.attempts });
  const deps: CoreDeps = {
    history,
    sessions,
    settings,
    personas: input.personas,
    model: input.model,
    stage: input.stage,
    scheduler: queue,
    ledger: new RedisTurnLedger(redis, keys),
    usage,
    notes,
    lore,
    failures,
    alternatives: new RedisAlternativesStore(redis, keys),
    typing: new RedisTypingPresence(redis, keys),
    ...(input.notices ? { notices: input.notices } : {}),
    clock: input.clock ?? systemClock,
    log: input.log,
    options: { ...DEFAULT_CORE_OPTIONS, historyWindow: input.historyLimit ?? 500, ...input.options },
  };
  return { deps, queue, settings, history, sessions, usage, notes, lore, failures };
}
