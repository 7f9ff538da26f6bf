// A due turn: decide again on the history as it is now, build the group-chat prompt, call the model,
// clean the reply, post it on the stage, and store it as the persona's line.
//
// The rule for lines that arrive while a reply is generated: after the model answers, the turn looks
// at the history again. If a person spoke since the prompt was built, the reply is thrown away and
// the turn is decided again on the new history (at most `maxRedecisions` times; after that the latest
// reply is posted), unless that newer line has a turn of its own scheduled, which then takes over.
// So a posted reply never ignores a person's line that arrived before the model had answered.
//
// Posting is at most once: the ledger records the turn as "posting" before the post and the message
// ids after it; a retried turn (after a crash or a failed history write) finds the record and never
// posts again.
//
// One-time notes (`/scene once`) are read by every round and consumed only once a model reply is posted,
// so a reply thrown away (or a moderation pass) leaves them for the next turn.
import { resolveCast } from '../cast.js';
import type { CoreDeps } from '../deps.js';
import { chooseNextSpeaker } from './choose-speaker.js';
import type { DirectorTrigger } from '../director/index.js';
import type { Line, TurnTrigger } from '../line.js';
import type { Persona } from '../persona.js';
import type { TurnRequest } from '../ports.js';
import { hashString, seededRandom } from '../random.js';
import { armSilence, rearmSilence, storePersonaLine } from '../receive.js';
import { splitMessage } from '../reply/split-message.js';
import { nudgesSinceLastPerson } from '../timing.js';
import { typingHoldMs } from '../typing.js';
import { generateReplies } from './turn-generate.js';
import { gatherTurnNotes } from './turn-notes.js';

export type TurnOutcome =
  | { kind: 'posted'; personaId: string; line: Line }
  | { kind: 'silent'; reason: string; personaId?: string }
  | { kind: 'skipped'; reason: string }
  /** Not yet: someone is typing. The scheduler runs the same turn again after `delayMs`. */
  | { kind: 'deferred'; reason: string; delayMs: number };

export interface TurnContext {
  /** Unique per scheduled turn (the job id); keys the at-most-once ledger. */
  turnId: string;
  signal?: AbortSignal;
  /** How many times this turn already waited for people typing. */
  typingHolds?: number;
}

const TRIGGER_OF: Record<TurnRequest['kind'], TurnTrigger> = {
  line: 'reply',
  silence: 'nudge',
  forced: 'forced',
};

export async function takeTurn(
  deps: CoreDeps,
  channelId: string,
  request: TurnRequest,
  context: TurnContext,
): Promise<TurnOutcome> {
  const outcome = await runTurn(deps, channelId, request, context);
  // Deferred: the same turn runs again later; nothing is over yet.
  if (outcome.kind === 'deferred') return outcome;
  // Whatever came of it, the reply requested for this line is no longer due (silence may nudge again).
  if (request.kind === 'line') await deps.ledger.markAnswered(channelId, request.seq);
  // A posted reply re-armed the silence timer as a line of its own; otherwise the turn does it here.
  if (outcome.kind !== 'posted' && request.kind !== 'silence') await rearmSilence(deps, channelId);
  return outcome;
}

/** After a turn's last attempt failed: the channel must not wait for it any longer. */
export async function abandonTurn(deps: CoreDeps, channelId: string, request: TurnRequest): Promise<void> {
  if (request.kind !== 'line') return;
  await deps.ledger.markAnswered(channelId, request.seq);
  await rearmSilence(deps, channelId);
}

async function runTurn(
  deps: CoreDeps,
  channelId: string,
  request: TurnRequest,
  context: TurnContext,
): Promise<TurnOutcome> {
  const log = deps.log.child({ channelId, turnId: context.turnId });
  const recorded = await resumeRecordedTurn(deps, channelId, context.turnId);
  if (recorded) return recorded;
  const stale = await staleReason(deps, channelId, request);
  if (stale) return { kind: 'skipped', reason: stale };
  const hold = await typingHoldMs(deps, channelId, request, context.typingHolds ?? 0);
  if (hold > 0) return { kind: 'deferred', reason: 'a person is typing', delayMs: hold };

  for (let round = 0; ; round++) {
    const settings = await deps.settings.get(channelId);
    const cast = await resolveCast(deps.personas, settings, { guildId: settings.guildId }, log);
    const history = await deps.history.recent(channelId, deps.options.historyWindow);
    const lastSeq = history.at(-1)?.seq ?? 0;
    const decision = await chooseNextSpeaker(
      deps,
      {
        history: history.slice(-deps.options.directorWindow),
        cast,
        settings,
        now: deps.clock.now(),
        random: seededRandom(hashString(`${channelId}:${lastSeq}:${request.kind}`)),
        trigger: directorTrigger(request, history),
      },
      { channelId, guildId: settings.guildId, signal: context.signal },
    );
    if (!decision.speak) return { kind: 'silent', reason: decision.reason };
    const persona = cast.find((p) => p.id === decision.personaId);
    if (!persona) return { kind: 'silent', reason: `persona not in cast: ${decision.personaId}` };

    void deps.stage.typing(channelId, persona).catch((err: unknown) => log.debug({ err }, 'typing failed'));
    const notes = await gatherTurnNotes(deps, channelId, settings, persona, history, { once: true });
    const generated = await generateReplies(deps, {
      channelId,
      guildId: settings.guildId,
      persona,
      cast,
      history,
      mode: decision.mode,
      sceneNote: settings.scene,
      notes: notes.texts,
      // A capped read keeps the window's start on block boundaries even when every line fits.
      historyTruncated: history.length >= deps.options.historyWindow,
      settings,
      signal: context.signal,
    });

    const newer = (await deps.history.recent(channelId, 50)).filter((l) => l.seq > lastSeq);
    if (newer.some((l) => l.kind === 'person') && round < deps.options.maxRedecisions) {
      if (request.kind === 'line' && (await deps.ledger.requestedSeq(channelId)) > request.seq) {
        return { kind: 'skipped', reason: 'a newer line has its own turn' };
      }
      log.debug({ newer: newer.length }, 'people spoke while generating; deciding again');
      continue;
    }
    if (generated.kind === 'moderation') {
      if (persona.moderationLine === undefined) {
        return { kind: 'silent', personaId: persona.id, reason: 'moderation rejected the turn' };
      }
      return post(deps, channelId, persona, persona.moderationLine, TRIGGER_OF[request.kind], context.turnId);
    }
    const text = generated.texts[0];
    if (text === undefined) return { kind: 'silent', personaId: persona.id, reason: 'empty reply' };
    const outcome = await post(deps, channelId, persona, text, TRIGGER_OF[request.kind], context.turnId);
    if (notes.once.length > 0) await deps.notes?.consume(channelId, notes.once);
    return outcome;
  }
}

function directorTrigger(request: TurnRequest, history: readonly Line[]): DirectorTrigger {
  switch (request.kind) {
    case 'line':
      return { kind: 'line' };
    case 'silence':
      return { kind: 'silence', nudgesSoFar: nudgesSinceLastPerson(history) };
    case 'forced':
      return { kind: 'forced', personaId: request.personaId };
  }
}

/** Why a turn no longer applies, or undefined when it does. */
async function staleReason(
  deps: CoreDeps,
  channelId: string,
  request: TurnRequest,
): Promise<string | undefined> {
  if (request.kind === 'forced') return undefined;
  if (request.kind === 'line') {
    const requested = await deps.ledger.requestedSeq(channelId);
    return requested > request.seq ? 'a newer line has its own turn' : undefined;
  }
  const history = await deps.history.recent(channelId, deps.options.directorWindow);
  const last = history.at(-1);
  if (last && last.seq !== request.seq) return 'the channel is no longer quiet';
  if (await deps.ledger.replyPending(channelId)) {
    // A reply to the last line is still coming (slow model, retries, a crashed worker's turn being
    // picked up): speaking up now would talk over it. Wait another silence period instead.
    await armSilence(deps, channelId, await deps.settings.get(channelId), history);
    return 'a reply is still due; silence timer re-armed';
  }
  return undefined;
}

/** A turn that already reached the post: finish storing it, never post it again. */
async function resumeRecordedTurn(
  deps: CoreDeps,
  channelId: string,
  turnId: string,
): Promise<TurnOutcome | undefined> {
  const record = await deps.ledger.get(turnId);
  if (!record) return undefined;
  const firstId = record.messageIds?.[0];
  if (record.state === 'posting' || firstId === undefined) {
    deps.log.warn({ channelId, turnId }, 'turn was interrupted while posting; not posting again');
    return { kind: 'skipped', reason: 'interrupted while posting' };
  }
  const existing = await deps.history.findByMessageId(channelId, firstId);
  if (existing) return { kind: 'posted', personaId: record.personaId, line: existing };
  const persona = await deps.personas.get(record.personaId);
  const speaker = { id: record.personaId, name: persona?.name ?? record.personaId };
  const posted = { messageIds: record.messageIds ?? [firstId] };
  const line = await storePersonaLine(deps, channelId, speaker, record.text, posted, record.trigger);
  return { kind: 'posted', personaId: record.personaId, line };
}

async function post(
  deps: CoreDeps,
  channelId: string,
  persona: Persona,
  text: string,
  trigger: TurnTrigger,
  turnId: string,
): Promise<TurnOutcome> {
  if (!(await deps.ledger.markPosting(turnId, { personaId: persona.id, text, trigger }))) {
    deps.log.warn({ channelId, turnId }, 'another run of this turn is already posting; not posting again');
    return { kind: 'skipped', reason: 'posted by another run' };
  }
  const posted = await deps.stage.post(channelId, persona, splitMessage(text));
  await deps.ledger.markPosted(turnId, posted.messageIds);
  const line = await storePersonaLine(deps, channelId, persona, text, posted, trigger);
  return { kind: 'posted', personaId: persona.id, line };
}
