// The request and result shapes of a Qwen-Character chat completion, as the core sees them. The model
// adapter turns these into the OpenAI-compatible wire format (with DashScope's extensions).
import type { MemorySkipType } from './channel-settings.js';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** Only on the last message, an assistant prefix the model continues (`Name:`). */
  partial?: boolean;
}

export interface MemoryOptions {
  enable_long_term_memory: boolean;
  /** MIN_MEMORY_ENTRIES–MAX_MEMORY_ENTRIES; how many unsummarised messages trigger a summary. */
  memory_entries?: number;
  skip_save_types?: MemorySkipType[];
}

/** DashScope's `character_options` body parameter, field names as on the wire. */
export interface CharacterOptions {
  profile?: string;
  memory?: MemoryOptions;
  enable_realtime?: boolean;
  /** Knowledge base ids, at most 10. */
  vector_store_ids?: string[];
}

/** How the assistant prefix `Name:` is continued on an OpenAI-compatible server. */
export type PrefixMode = 'partial' | 'prefix' | 'continue_final_message' | 'none';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Sent as the `x-dashscope-aca-session` header (session cache, long-term memory). */
  sessionId?: string;
  /** 1–4 distinct choices. */
  n?: number;
  seed?: number;
  temperature?: number;
  topP?: number;
  /** Upper bound on the reply, in tokens. */
  maxTokens?: number;
  /** Token id → bias in [-100, 100]. */
  logitBias?: Record<string, number>;
  characterOptions?: CharacterOptions;
  enableSearch?: boolean;
  searchOptions?: Record<string, unknown>;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the session cache. */
  cachedTokens: number;
}

export interface ChatResult {
  /** One text per choice (`n`), in choice order. */
  texts: string[];
  usage: ChatUsage;
  model: string;
}
