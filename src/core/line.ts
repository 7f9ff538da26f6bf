// A line of a channel's history: who said what, when. Everything Troupe knows about a scene is a list
// of these, oldest first.

export type SpeakerKind = 'person' | 'persona' | 'system';

/** Why a persona line was spoken; the director and the silence policy read it back from history. */
export type TurnTrigger = 'reply' | 'nudge' | 'greeting' | 'forced';

export interface Line {
  /** Per-channel sequence number as a string ("1", "2", …): monotonic, never reused after a reset. */
  id: string;
  /** The same sequence number as a number, for windowing. */
  seq: number;
  kind: SpeakerKind;
  /** A person's platform user id, a persona's id, or "system". */
  speakerId: string;
  /** The display name the line is shown with (`Name: text`). */
  speakerName: string;
  text: string;
  /**
   * Tokens of `text` by the model's tokenizer, counted once when the line is stored (and again when its
   * text changes), so a turn does not tokenize its whole window. Absent on lines stored before counts
   * were kept, or by a store without a counter: the prompt counts those itself.
   */
  tokens?: number;
  /** Epoch milliseconds. */
  at: number;
  /** The platform's message id (the first one, when a reply was split). */
  messageId?: string;
  /** Every platform message id of a split persona reply. */
  messageIds?: string[];
  /** Whom this line answers (a reply on the platform). */
  replyTo?: { kind: SpeakerKind; speakerId: string; speakerName: string };
  /** Persona ids mentioned natively (an @-mention of a persona's own bot user). */
  mentions?: string[];
  /**
   * The platform user behind a person line spoken as a character through a proxy bot (Tupperbox,
   * PluralKit), when known: whose typing holds a reply to it. `speakerId` is then the character's.
   */
  playerId?: string;
  /** A person line written by another bot (let in per channel; counts toward the loop guard). */
  fromBot?: boolean;
  /** For persona lines: why it was spoken. */
  trigger?: TurnTrigger;
  /**
   * For persona replies: the seq of the newest line the reply's prompt held. A line stored after that
   * one but before this reply (a person spoke while the reply was posted) was not seen by it, so the
   * conversation reads it after the reply (conversation-order.ts).
   */
  seenSeq?: number;
}

/** What a caller gives to append a line; the store assigns `id`, `seq` and (if missing) `at`. */
export type NewLine = Omit<Line, 'id' | 'seq' | 'at'> & { at?: number };
