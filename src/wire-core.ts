// Assembling the core's dependencies. `coreDeps` builds nothing: it puts ports the composition root
// (app.ts) built into a CoreDeps with the defaults filled in. `wireCore` is the tests' and benchmarks'
// shortcut to a whole core on Redis: the same store factory, BullMQ queue and `coreDeps` that app.ts
// uses, in one call, so what they run is what ships.
import type { RedisClient } from './store/redis-connection.js';
import { DEFAULT_CORE_OPTIONS, type CoreDeps, type CoreOptions } from './core/deps.js';
import type {
  AdminNotices,
  ChatModel,
  Clock,
  CoreLogger,
  PersonaCatalog,
  Stage,
  TokenCounter,
  TurnScheduler,
} from './core/ports.js';
import { systemClock } from './core/ports.js';
import { translate } from './i18n/i18n.js';
import { qwenTokenCounter } from './model/qwen-tokens.js';
import { TurnQueue } from './scheduler/turn-queue.js';
import type { Keys } from './store/keys.js';
import { createRedisStores, type RedisStores } from './store/redis-stores.js';

export interface CoreDepsInput {
  stores: Omit<RedisStores, 'guildPersonas'>;
  scheduler: TurnScheduler;
  model: ChatModel;
  stage: Stage;
  personas: PersonaCatalog;
  log: CoreLogger;
  /** Lines a turn reads (the history store keeps as many). @defaultValue 500 */
  historyLimit?: number | undefined;
  clock?: Clock | undefined;
  options?: Partial<CoreOptions> | undefined;
  /** Where admin notices go (the terminal prints them; Discord tells the server's admins). */
  notices?: AdminNotices | undefined;
  /** The model's tokenizer. @defaultValue Qwen's (`qwenTokenCounter`) */
  tokens?: TokenCounter | undefined;
}

export function coreDeps(input: CoreDepsInput): CoreDeps {
  const { stores } = input;
  return {
    history: stores.history,
    sessions: stores.sessions,
    settings: stores.settings,
    personas: input.personas,
    model: input.model,
    stage: input.stage,
    scheduler: input.scheduler,
    ledger: stores.ledger,
    usage: stores.usage,
    budget: stores.budget,
    notes: stores.notes,
    lore: stores.lore,
    failures: stores.failures,
    alternatives: stores.alternatives,
    typing: stores.typing,
    characters: stores.characters,
    cooldowns: stores.cooldowns,
    tokens: input.tokens ?? qwenTokenCounter,
    // Without anyone to tell (tests, benchmarks), a notice goes to the log.
    notices: input.notices ?? {
      notify: async (channelId, notice) =>
        input.log.warn({ channelId, notice: translate('en', notice) }, 'admin notice'),
    },
    clock: input.clock ?? systemClock,
    log: input.log,
    options: { ...DEFAULT_CORE_OPTIONS, historyWindow: input.historyLimit ?? 500, ...input.options },
  };
}

export interface WireCoreInput extends Omit<CoreDepsInput, 'stores' | 'scheduler'> {
  redis: RedisClient;
  keys: Keys;
  /** Model attempts per turn. */
  attempts?: number;
}

export interface WiredCore extends RedisStores {
  deps: CoreDeps;
  queue: TurnQueue;
}

export function wireCore(input: WireCoreInput): WiredCore {
  const { redis, keys } = input;
  const stores = createRedisStores(redis, keys, {
    historyLimit: input.historyLimit,
    clock: input.clock,
    tokens: input.tokens ?? qwenTokenCounter,
  });
  const queue = new TurnQueue(redis, redis, keys, { attempts: input.attempts });
  return { ...stores, deps: coreDeps({ ...input, stores, scheduler: queue }), queue };
}
