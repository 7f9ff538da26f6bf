// Long-term memory as the simulator plays it (character_options.memory): per session the server keeps
// the conversation, so a request carries only new messages. What the model sees each turn is, as the
// guide describes: the profile, the latest summary (if any) and the `memory_entries` most recent stored
// messages, then the new ones. Each turn is recorded so a test can assert the input was incremental.
import type { PromptMessage } from './prefix-cache.js';
import { isPrefixMessage, type SimChatBody, type SimMessage } from './validate-request.js';

/** The API's default `memory_entries`. */
export const DEFAULT_MEMORY_ENTRIES = 200;

export interface MemoryTurn {
  /** The messages the request carried, as sent. */
  received: SimMessage[];
  /** What was stored from this turn (after `skip_save_types`), the reply included unless skipped. */
  saved: PromptMessage[];
  /** How many messages the model was shown (profile and summary included). */
  promptMessages: number;
}

export interface MemorySession {
  sessionId: string;
  /** Every stored message, oldest first. */
  stored: PromptMessage[];
  /** The latest summary, once `memory_entries` unsummarised messages piled up. */
  summary?: string;
  turns: MemoryTurn[];
}

interface SessionState extends MemorySession {
  summarizedCount: number;
}

function entries(body: SimChatBody): number {
  return body.character_options?.memory?.memory_entries ?? DEFAULT_MEMORY_ENTRIES;
}

export class MemorySessions {
  private readonly sessions = new Map<string, SessionState>();

  /** The prompt the model sees for this request (the profile is validated present). */
  prompt(sessionId: string, body: SimChatBody): PromptMessage[] {
    const session = this.sessions.get(sessionId);
    const profile: PromptMessage = { role: 'system', content: body.character_options?.profile ?? '' };
    const summary: PromptMessage[] = session?.summary ? [{ role: 'system', content: session.summary }] : [];
    const recent = session ? session.stored.slice(-entries(body)) : [];
    const incoming = body.messages.map(({ role, content }) => ({ role, content }));
    return [profile, ...summary, ...recent, ...incoming];
  }

  /** Stores this turn once the reply is known. */
  commit(sessionId: string, body: SimChatBody, reply: string, promptMessages: number): void {
    const session = this.sessions.get(sessionId) ?? {
      sessionId,
      stored: [],
      turns: [],
      summarizedCount: 0,
    };
    const skip = new Set(body.character_options?.memory?.skip_save_types ?? []);
    const last = body.messages.at(-1);
    const prefix = last && isPrefixMessage(last) ? last : undefined;
    const saved: PromptMessage[] = body.messages
      .filter((message) => message !== prefix && !skip.has(message.role))
      .map(({ role, content }) => ({ role, content }));
    if (!skip.has('output')) {
      // A continued prefix (`Name:`) and its continuation are one line of the conversation.
      const content = prefix ? `${prefix.content.trimEnd()} ${reply}` : reply;
      saved.push({ role: 'assistant', content });
    }
    session.stored.push(...saved);
    session.turns.push({ received: body.messages.map((m) => ({ ...m })), saved, promptMessages });
    if (session.stored.length - session.summarizedCount >= entries(body)) {
      session.summarizedCount = session.stored.length;
      session.summary = `Summary of the conversation so far (${session.summarizedCount} messages).`;
    }
    this.sessions.set(sessionId, session);
  }

  get(sessionId: string): MemorySession | undefined {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    return {
      sessionId,
      stored: session.stored.map((m) => ({ ...m })),
      ...(session.summary ? { summary: session.summary } : {}),
      turns: session.turns.map((turn) => ({ ...turn })),
    };
  }

  clear(): void {
    this.sessions.clear();
  }
}
