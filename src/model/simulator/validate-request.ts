// The simulator's request validation: what the Qwen-Character guide and API reference document as
// accepted, so a request our prompt builder gets wrong fails here exactly as it would in production
// (HTTP 400), not silently. Returns a value; the server turns a refusal into a DashScope error body.
//
// The input limit is checked as the server checks it: the prompt's tokens by Qwen's own tokenizer,
// laid out by its chat template (qwen-tokens.ts), not by the count the core builds its window with.
import { z } from 'zod';
import { modelLimits } from '../../core/models.js';
import { chatPromptTokens } from '../qwen-tokens.js';

const RANGE_N = 'Range of n should be [1, 4]';
const RANGE_SEED = 'Range of seed should be [0, 2^31 - 1]';
const RANGE_BIAS = 'logit_bias values should be in [-100, 100]';

const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant'], { error: 'role should be one of system, user, assistant' }),
  content: z.string({ error: 'content should be a string' }),
  partial: z.boolean({ error: 'partial should be a boolean' }).optional(),
  // Accepted so the simulator can stand in for DeepSeek-style servers too (PrefixMode 'prefix').
  prefix: z.boolean({ error: 'prefix should be a boolean' }).optional(),
});

const memorySchema = z.object({
  enable_long_term_memory: z.boolean({ error: 'enable_long_term_memory should be a boolean' }),
  memory_entries: z
    .number()
    .int('memory_entries should be an integer')
    .min(20, 'Range of memory_entries should be [20, 400]')
    .max(400, 'Range of memory_entries should be [20, 400]')
    .optional(),
  skip_save_types: z.array(z.enum(['system', 'user', 'assistant', 'output'])).optional(),
});

const characterOptionsSchema = z.object({
  profile: z.string({ error: 'profile should be a string' }).optional(),
  memory: memorySchema.optional(),
  enable_realtime: z.boolean({ error: 'enable_realtime should be a boolean' }).optional(),
  vector_store_ids: z
    .array(z.string().min(1))
    .max(10, 'At most 10 vector_store_ids are supported')
    .optional(),
});

const bodySchema = z.object({
  model: z.string({ error: 'model is required' }).min(1, 'model is required'),
  messages: z.array(messageSchema, { error: 'messages is required' }).min(1, 'messages must not be empty'),
  n: z.number().int(RANGE_N).min(1, RANGE_N).max(4, RANGE_N).default(1),
  seed: z
    .number()
    .int(RANGE_SEED)
    .min(0, RANGE_SEED)
    .max(2 ** 31 - 1, RANGE_SEED)
    .optional(),
  temperature: z
    .number()
    .min(0, 'Range of temperature should be [0, 2)')
    .lt(2, 'Range of temperature should be [0, 2)')
    .optional(),
  top_p: z
    .number()
    .gt(0, 'Range of top_p should be (0, 1]')
    .max(1, 'Range of top_p should be (0, 1]')
    .optional(),
  max_tokens: z
    .number()
    .int('max_tokens should be an integer')
    .min(1, 'max_tokens should be positive')
    .optional(),
  logit_bias: z
    .record(
      z.string().regex(/^\d+$/, 'logit_bias keys should be token ids'),
      z.number().min(-100, RANGE_BIAS).max(100, RANGE_BIAS),
    )
    .default({}),
  character_options: characterOptionsSchema.optional(),
  enable_search: z.boolean({ error: 'enable_search should be a boolean' }).default(false),
  search_options: z.record(z.string(), z.unknown()).optional(),
  // vLLM's way of continuing a prefix (PrefixMode 'continue_final_message').
  continue_final_message: z.boolean().optional(),
  add_generation_prompt: z.boolean().optional(),
  stream: z.boolean().optional(),
});

export type SimChatBody = z.output<typeof bodySchema>;
export type SimMessage = SimChatBody['messages'][number];

export type Validation =
  | { ok: true; body: SimChatBody; inputTokens: number }
  | { ok: false; message: string; param: string | null }
  /** Over the model's input limit (Model Studio has its own answer for it: `inputTooLong`). */
  | { ok: false; inputTokens: number; maxInputTokens: number };

function refuse(message: string, param: string | null): Validation {
  return { ok: false, message, param };
}

/** Whether the model continues the last message (a prefix) rather than opening a new turn. */
export function continuesLast(body: Pick<SimChatBody, 'messages' | 'continue_final_message'>): boolean {
  const last = body.messages.at(-1);
  if (!last) return false;
  return isPrefixMessage(last) || (body.continue_final_message === true && last.role === 'assistant');
}

/**
 * The model's input limit: the model's own, or a lower one the test set (a server that tightened its
 * limit without notice).
 */
export type InputLimitFor = (model: string) => number;

export const defaultInputLimit: InputLimitFor = (model) => modelLimits(model).maxInputTokens;

/** `['messages', 2, 'partial']` → `messages[2].partial`, the way the API names parameters. */
function paramName(path: readonly PropertyKey[]): string | null {
  if (path.length === 0) return null;
  return path.reduce<string>((name, key) => {
    if (typeof key === 'number') return `${name}[${key}]`;
    return name === '' ? String(key) : `${name}.${String(key)}`;
  }, '');
}

/** The trailing message is the assistant prefix to continue (DashScope `partial`, or `prefix`). */
export function isPrefixMessage(message: SimMessage): boolean {
  return message.partial === true || message.prefix === true;
}

export function validateChatBody(
  raw: unknown,
  sessionId: string | undefined,
  inputLimit: InputLimitFor = defaultInputLimit,
): Validation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refuse('Required body invalid, please check the request body format.', null);
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(issue.message, paramName(issue.path));
  }
  const body = parsed.data;
  const { messages } = body;
  const options = body.character_options;
  const profile = options?.profile?.trim() ? options.profile : undefined;

  for (const [index, message] of messages.entries()) {
    if (!isPrefixMessage(message)) continue;
    const flag = message.partial === true ? 'partial' : 'prefix';
    if (index !== messages.length - 1) {
      return refuse(`Only the last message may set ${flag}.`, `messages[${index}].${flag}`);
    }
    if (message.role !== 'assistant') {
      return refuse(`${flag} is only supported on an assistant message.`, `messages[${index}].${flag}`);
    }
  }
  // Memory and knowledge-style requests carry the persona in character_options.profile instead.
  if (messages[0]!.role !== 'system' && profile === undefined) {
    return refuse(
      'The first message should be a system message (or set character_options.profile).',
      'messages[0].role',
    );
  }
  if (options?.memory?.enable_long_term_memory) {
    if (!sessionId) {
      return refuse(
        'Long-term memory requires the x-dashscope-aca-session header.',
        'x-dashscope-aca-session',
      );
    }
    if (profile === undefined) {
      return refuse('Long-term memory requires character_options.profile.', 'character_options.profile');
    }
  }
  if (body.stream) return refuse('The simulator does not stream; set stream to false.', 'stream');

  const limits = modelLimits(body.model);
  if (body.max_tokens !== undefined && body.max_tokens > limits.maxOutputTokens) {
    return refuse(`Range of max_tokens should be [1, ${limits.maxOutputTokens}]`, 'max_tokens');
  }
  // A long-term-memory request's profile leads as the system message.
  const inputTokens = chatPromptTokens(
    [...(profile ? [{ role: 'system' as const, content: profile }] : []), ...messages],
    { continueLast: continuesLast(body) },
  );
  const maxInputTokens = inputLimit(body.model);
  if (inputTokens > maxInputTokens) return { ok: false, inputTokens, maxInputTokens };
  return { ok: true, body, inputTokens };
}
