// Everything the core's use cases need, handed in by the composition root (src/app.ts). No globals.
import type {
  AdminNotices,
  BudgetStore,
  CharacterStore,
  AlternativesStore,
  ChatModel,
  Clock,
  CoreLogger,
  FailureLog,
  HistoryStore,
  LoreStore,
  MemberCooldowns,
  OnceNoteStore,
  PersonaCatalog,
  SessionStore,
  SettingsStore,
  Stage,
  TurnLedger,
  TurnScheduler,
  TokenCounter,
  TypingPresence,
  UsageLedger,
} from './ports.js';
import type { PrefixMode } from './chat.js';
import { INTERNATIONAL_PRICES, type PriceTable } from './prices.js';

export interface CoreOptions {
  /** Model used by personas that name none. */
  defaultModel: string;
  /** How many recent lines a turn reads (the prompt window is cut from these). */
  historyWindow: number;
  /** How many recent lines the director reads. */
  directorWindow: number;
  /** Wait after a person's line before the turn runs, so a burst gets one reply, ms. */
  debounceMs: number;
  /** ± fraction of random jitter on every delay (0.25 = ±25%). */
  jitter: number;
  /** How many times a turn is decided again when people spoke while it was generating. */
  maxRedecisions: number;
  /** How the assistant prefix is continued by the model server. */
  prefixMode: PrefixMode;
  /** Multiplies the director's human-like delays (1 for people; tests and demos use less). */
  humanDelayScale: number;
  /**
   * Prices per model for /usage cost estimates and the daily budget (the composition root gives the
   * endpoint's region's).
   */
  prices: PriceTable;
  /** Tokens of matched lore entries one turn may carry. */
  loreBudgetTokens: number;
  /**
   * How long a person counts as typing after their client says so, ms: Discord's indicator lasts about
   * 10 s and is renewed while they type.
   */
  personTypingHoldMs: number;
  /**
   * How many times one turn waits for people typing before it goes ahead anyway (someone typing for
   * minutes does not silence the scene).
   */
  maxTypingHolds: number;
  /**
   * The deployment's daily spending cap per server (DAILY_BUDGET), in the budget currency (budget.ts);
   * a server's own `/budget set` overrides it. Undefined: no cap unless a server sets one.
   */
  dailyBudget: number | undefined;
}

/** Every default of the core's options, in one place (the composition root overrides from the config). */
export const DEFAULT_CORE_OPTIONS: CoreOptions = {
  defaultModel: 'qwen-plus-character',
  historyWindow: 500,
  directorWindow: 60,
  debounceMs: 1_500,
  jitter: 0.25,
  maxRedecisions: 2,
  prefixMode: 'partial',
  humanDelayScale: 1,
  prices: INTERNATIONAL_PRICES,
  loreBudgetTokens: 300,
  personTypingHoldMs: 10_000,
  maxTypingHolds: 3,
  dailyBudget: undefined,
};

export interface CoreDeps {
  history: HistoryStore;
  sessions: SessionStore;
  settings: SettingsStore;
  personas: PersonaCatalog;
  model: ChatModel;
  stage: Stage;
  scheduler: TurnScheduler;
  ledger: TurnLedger;
  usage: UsageLedger;
  /** Spending caps per server and the day's spend (`usage` records it). */
  budget: BudgetStore;
  /** One-time notes (`/scene once`). */
  notes: OnceNoteStore;
  /** Server and channel lore entries (a persona's own lore comes from its file). */
  lore: LoreStore;
  /**
   * Recent failures per channel (model requests, posts the stage refused), and the gate that keeps each
   * admin notice to one per interval (turn/admin-reports.ts).
   */
  failures: FailureLog;
  /** Where admin notices go (a bad API key, a dropped reply, a spent budget). */
  notices: AdminNotices;
  /** Alternatives offered by /alternatives, until one is picked. */
  alternatives: AlternativesStore;
  /** Who is typing, so personas let people finish. */
  typing: TypingPresence;
  /** Players' own characters (`/character`). */
  characters: CharacterStore;
  /** Members' cooldowns between the retakes they ask for (`/regenerate`, `/alternatives`). */
  cooldowns: MemberCooldowns;
  /** The model's tokenizer: the prompt window and lore budget are counted in its tokens. */
  tokens: TokenCounter;
  clock: Clock;
  log: CoreLogger;
  options: CoreOptions;
}
