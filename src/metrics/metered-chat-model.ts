// The ChatModel port, counted: every request through it (turns, the model director, alternatives,
// regenerate) lands in troupe_model_requests_total, its duration and tokens. A wrapper around whatever
// model adapter the app built, so neither the core nor the openai adapter knows metrics exist.
import type { ChatRequest, ChatResult } from '../core/chat.js';
import { isModelError } from '../core/errors.js';
import type { ChatModel } from '../core/ports.js';
import type { TroupeMetrics } from './troupe-metrics.js';

export class MeteredChatModel implements ChatModel {
  constructor(
    private readonly model: ChatModel,
    private readonly metrics: Pick<TroupeMetrics, 'modelRequest'>,
  ) {}

  async complete(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<ChatResult> {
    const startedAt = performance.now();
    const durationSeconds = () => (performance.now() - startedAt) / 1000;
    try {
      const result = await this.model.complete(request, options);
      this.metrics.modelRequest({
        model: request.model,
        status: 'ok',
        durationSeconds: durationSeconds(),
        usage: result.usage,
      });
      return result;
    } catch (err) {
      // The adapter throws only ModelErrors; anything else is a bug, counted as `error`.
      const status = isModelError(err) ? err.code : 'error';
      this.metrics.modelRequest({ model: request.model, status, durationSeconds: durationSeconds() });
      throw err;
    }
  }
}
