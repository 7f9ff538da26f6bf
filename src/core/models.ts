// What each model can take. Figures from the Qwen-Character guide; the smaller of the mainland and
// international figures where they differ, so one table is safe in both regions.

export interface ModelLimits {
  /** Context window, tokens. */
  contextTokens: number;
  /** Largest prompt the API accepts, tokens. */
  maxInputTokens: number;
  /** Largest reply, tokens. */
  maxOutputTokens: number;
}

export const MODEL_LIMITS: Readonly<Record<string, ModelLimits>> = {
  'qwen-plus-character': { contextTokens: 32_768, maxInputTokens: 30_000, maxOutputTokens: 4_000 },
  'qwen-flash-character': { contextTokens: 8_192, maxInputTokens: 8_000, maxOutputTokens: 4_096 },
  'qwen-plus-character-ja': { contextTokens: 8_192, maxInputTokens: 7_680, maxOutputTokens: 512 },
};

/** For model names we know nothing about (other OpenAI-compatible servers): a small, safe window. */
export const UNKNOWN_MODEL_LIMITS: ModelLimits = {
  contextTokens: 8_192,
  maxInputTokens: 6_000,
  maxOutputTokens: 1_024,
};

export function modelLimits(model: string): ModelLimits {
  const exact = MODEL_LIMITS[model];
  if (exact) return exact;
  // Dated snapshots ("qwen-flash-character-2026-02-26") share their family's limits.
  const family = Object.keys(MODEL_LIMITS)
    .filter((name) => model.startsWith(`${name}-`) && !MODEL_LIMITS[model])
    .sort((a, b) => b.length - a.length)[0];
  return family ? MODEL_LIMITS[family]! : UNKNOWN_MODEL_LIMITS;
}
