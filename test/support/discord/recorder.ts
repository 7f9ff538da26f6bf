// What the bot did, as tests read it: every REST request (never its Authorization header), every webhook
// execution body, typing events and interaction responses; plus `waitFor`, which re-checks a probe each
// time anything is recorded (and every few ms, for probes that look at the client's side too).

/** How often waitFor re-checks between recorded changes. */
const POLL_MS = 10;

export interface RecordedRequest {
  method: string;
  /** The path after /api/v10, URL-decoded (so `%40original` reads `@original`). */
  path: string;
  /** The route template that matched, e.g. `/webhooks/:webhookId/:token`. */
  route?: string;
  query: Record<string, string>;
  status: number;
  /** The bot whose token authenticated the request, if any. */
  botUserId?: string;
  body?: unknown;
  /** Set when the fake itself failed (500): a bug in the fake, not in the bot. */
  error?: string;
  atMs: number;
}

export interface WebhookExecution {
  webhookId: string;
  channelId: string;
  threadId?: string;
  /** The JSON body as sent (for multipart, the payload_json). */
  body: Record<string, unknown>;
  query: Record<string, string>;
  status: number;
  /** Discord's error code when the execution was refused. */
  errorCode?: number;
  messageId?: string;
  fileNames: string[];
  atMs: number;
}

export interface TypingEvent {
  channelId: string;
  guildId?: string;
  userId: string;
  atMs: number;
}

export type InteractionResponseKind =
  'callback' | 'editOriginal' | 'deleteOriginal' | 'followup' | 'editFollowup' | 'deleteFollowup';

export interface InteractionResponse {
  kind: InteractionResponseKind;
  /** The callback type (4 reply, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type?: number;
  /** The callback's `data`, or the webhook body for edits and follow-ups. */
  data?: Record<string, unknown>;
  /** Flag 64 on the callback or follow-up (edits inherit the original's). */
  ephemeral: boolean;
  messageId?: string;
  atMs: number;
}

export class Recorder {
  readonly requests: RecordedRequest[] = [];
  readonly webhookExecutions: WebhookExecution[] = [];
  readonly typingEvents: TypingEvent[] = [];
  private readonly responses = new Map<string, InteractionResponse[]>();
  private readonly waiters = new Set<() => void>();

  interactionResponses(interactionId: string): InteractionResponse[] {
    return this.responses.get(interactionId) ?? [];
  }

  addInteractionResponse(interactionId: string, response: Omit<InteractionResponse, 'atMs'>): void {
    const list = this.responses.get(interactionId) ?? [];
    list.push({ ...response, atMs: Date.now() });
    this.responses.set(interactionId, list);
    this.changed();
  }

  /** Wakes every waiter; called after each change the fake records. */
  changed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves with the probe's first truthy result, re-checked after every recorded change.
   * Rejects after `timeoutMs` with `label` in the message, so a failing test says what it waited for.
   */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 2000, label = 'condition'): Promise<T> {
    const first = probe();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const wake = (): void => {
        let result: T | undefined | null | false;
        try {
          result = probe();
        } catch (err) {
          finish();
          reject(err as Error);
          return;
        }
        if (result) {
          finish();
          resolve(result);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${label}`));
      }, timeoutMs);
      const poll = setInterval(wake, POLL_MS);
      const finish = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }
}
