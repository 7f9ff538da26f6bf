// Generating a persona's reply texts, for a turn (one choice) or a retake of a posted reply (several
// choices, or a new seed): build the request, call the model, move the memory cursor, clean each choice.
import { cleanReply, otherSpeakerNames } from '../reply/clean-reply.js';
import type { CoreDeps } from '../deps.js';
import { callModel } from './model-call.js';
import { prepareTurnRequest, type TurnPromptInput } from './turn-prompt.js';

export interface GenerateInput extends TurnPromptInput {
  guildId?: string;
  signal?: AbortSignal;
}

export type Generated =
  /** Cleaned texts in choice order; choices that cleaned to nothing are left out. */
  | { kind: 'replies'; texts: string[] }
  /** The model's moderation rejected the request. */
  | { kind: 'moderation' };

export async function generateReplies(deps: CoreDeps, input: GenerateInput): Promise<Generated> {
  const { channelId, persona } = input;
  const prepared = await prepareTurnRequest(deps, input);
  const call = await callModel(
    deps,
    { channelId, ...(input.guildId === undefined ? {} : { guildId: input.guildId }), personaId: persona.id },
    prepared.request,
    input.signal,
  );
  if (call.kind === 'moderation') return { kind: 'moderation' };
  // The server stored the new lines once it answered, whatever becomes of the reply.
  if (prepared.memoryCursor) {
    const { seq, sessionId } = prepared.memoryCursor;
    await deps.sessions.setCursor(channelId, persona.id, seq, { sessionId });
  }
  const otherNames = otherSpeakerNames(persona, input.cast, prepared.contextLines);
  const texts = call.result.texts
    .map((raw) => cleanReply(raw, { speaker: persona, otherNames }))
    .filter((text): text is string => text !== undefined);
  return { kind: 'replies', texts };
}
