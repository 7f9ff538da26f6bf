// A due turn, top to bottom: decide again on the history as it is now (choose-speaker.ts), generate the
// reply (generate-replies.ts: prompt → model → clean), post it on the stage, and store it as the
// persona's line.
//
// The rule for lines that arrive while a reply is generated: after the model answers, the turn looks
// at the history again. If a person spoke since the prompt was built, the reply is thrown away and
// the turn is decided again on the new history (at most `maxRedecisions` times; after that the latest
// reply is posted), unless that newer line has a turn of its own scheduled, which then takes over.
// So a posted reply never ignores a person's line that arrived before the model had answered. A line
// that arrives later, while the reply is being posted, is stored before it; the reply records the
// newest line it saw (`seenSeq`), and the history is read in conversation order
// (conversation-order.ts), so that line still waits for its answer.
//
// Posting is at most once: the ledger records the turn as "posting" before the post and the message
// ids after it; a retried turn (after a crash or a failed history write) finds the record and never
// posts again. A post the stage could not make is dropped, and said so (dropped-reply.ts); the part of
// a split reply that did reach the channel is stored as the persona's line.
//
// One-time notes (`/scene once`) are read by every round and consumed only once a model reply is posted,
// so a reply thrown away (or a moderation pass) leaves them for the next turn.
//
// Each round first checks the server's daily budget (budget-gate.ts): once it is spent the turn stays
// silent without asking the model (nor showing a persona typing), and the channel's admins are told
// once that day.
import { resolveCast } from '../cast.js';
import type { ChannelSettings } from '../channel-settings.js';
import { inConversationOrder } from '../conversation-order.js';
import type { CoreDeps } from '../deps.js';
import { BUDGET_SPENT_REASON, budgetRefusal } from './budget-gate.js';
import { chooseNextSpeaker, type ChooseDeps } from './choose-speaker.js';
import type { DirectorTrigger } from '../director/index.js';
import { isStagePostError } from '../errors.js';
import type { Line, TurnTrigger } from '../line.js';
import type { Persona } from '../persona.js';
import type { CoreLogger, PendingNote, PostedMessage, TurnCause, TurnRecord } from '../ports.js';
import { hashString, seededRandom } from '../random.js';
import { splitMessage } from '../reply/split-message.js';
import { nudgesSinceLastPerson, rearmSilence, staleNudgeReason } from '../silence-timer.js';
import { storePersonaLine } from '../store-line.js';
import { typingHoldMs } from '../typing.js';
import { reportDroppedReply, reportInterruptedPost } from './dropped-reply.js';
import { generateReplies, type Generated } from './generate-replies.js';
import { gatherTurnNotes } from './turn-notes.js';

export type TurnOutcome =
  | { kind: 'posted'; personaId: string; line: Line }
  | { kind: 'silent'; reason: string; personaId?: string }
  | { kind: 'skipped'; reason: string }
  /** Not yet: someone is typing. The scheduler runs the same turn again after `delayMs`. */
  | { kind: 'deferred'; reason: string; delayMs: number };

type SilentOutcome = Extract<TurnOutcome, { kind: 'silent' }>;

export interface TurnContext {
  /** Unique per scheduled turn (the job id); keys the at-most-once ledger. */
  turnId: string;
  /** How many times this turn already waited for people typing. */
  typingHolds?: number;
}

/** How many of the newest lines are read to see whether a person spoke while the reply was generated. */
const NEWER_LINES_READ = 50;

const TRIGGER_OF: Record<TurnCause['kind'], TurnTrigger> = {
  line: 'reply',
  silence: 'nudge',
  forced: 'forced',
};

export async function takeTurn(
  deps: CoreDeps,
  channelId: string,
  cause: TurnCause,
  context: TurnContext,
): Promise<TurnOutcome> {
  const outcome = await runTurn(deps, channelId, cause, context);
  // Deferred: the same turn runs again later; nothing is over yet.
  if (outcome.kind === 'deferred') return outcome;
  // Whatever came of it, the reply requested for this line is no longer due (silence may nudge again).
  if (cause.kind === 'line') await deps.ledger.markAnswered(channelId, cause.seq);
  // A posted reply re-armed the silence timer as a line of its own; otherwise the turn does it here.
  if (outcome.kind !== 'posted' && cause.kind !== 'silence') await rearmSilence(deps, channelId);
  return outcome;
}

/** After a turn's last attempt failed: the channel must not wait for it any longer. */
export async function abandonTurn(deps: CoreDeps, channelId: string, cause: TurnCause): Promise<void> {
  if (cause.kind !== 'line') return;
  await deps.ledger.markAnswered(channelId, cause.seq);
  await rearmSilence(deps, channelId);
}

/**
 * A due turn, in order: finish one that already posted, drop one that no longer applies, wait for people
 * typing, or else speak.
 */
async function runTurn(
  deps: CoreDeps,
  channelId: string,
  cause: TurnCause,
  context: TurnContext,
): Promise<TurnOutcome> {
  return (
    (await resumeRecordedTurn(deps, channelId, context.turnId)) ??
    (await notDueYet(deps, channelId, cause, context)) ??
    (await speak(deps, channelId, cause, context, 0))
  );
}

/** Skipped when the turn no longer applies, deferred while people type; undefined when it is due. */
async function notDueYet(
  deps: CoreDeps,
  channelId: string,
  cause: TurnCause,
  context: TurnContext,
): Promise<TurnOutcome | undefined> {
  const stale = await staleReason(deps, channelId, cause);
  if (stale) return { kind: 'skipped', reason: stale };
  const hold = await typingHoldMs(deps, channelId, cause, context.typingHolds ?? 0);
  return hold > 0 ? { kind: 'deferred', reason: 'a person is typing', delayMs: hold } : undefined;
}

/**
 * One round: decide who speaks on the history as it is now, generate the reply, and post it, unless a
 * person spoke meanwhile: then the next round decides again (see the header).
 */
async function speak(
  deps: CoreDeps,
  channelId: string,
  cause: TurnCause,
  context: TurnContext,
  round: number,
): Promise<TurnOutcome> {
  const log = deps.log.child({ channelId, turnId: context.turnId });
  const scene = await readScene(deps, channelId, log);
  // One read covers the round's requests (the director's proposal and the reply); a person's line is
  // stored whatever the budget says, only the model is not asked.
  if (await budgetRefusal(deps, channelId, scene.settings.guildId)) {
    return { kind: 'silent', reason: BUDGET_SPENT_REASON };
  }
  const speaker = await chooseSpeaker(deps, channelId, cause, scene);
  if (speaker.kind === 'silent') return speaker;
  const { persona } = speaker;
  const { generated, once } = await generateRound(deps, channelId, scene, speaker, log);

  if (round < deps.options.maxRedecisions && (await personSpokeSince(deps, channelId, scene.lastSeq, log))) {
    if (await newerLineHasTurn(deps, channelId, cause)) {
      return { kind: 'skipped', reason: 'a newer line has its own turn' };
    }
    return speak(deps, channelId, cause, context, round + 1);
  }

  const text = generated.kind === 'moderation' ? persona.moderationLine : generated.texts[0];
  if (text === undefined) {
    const reason = generated.kind === 'moderation' ? 'moderation rejected the turn' : 'empty reply';
    return { kind: 'silent', personaId: persona.id, reason };
  }
  const reply = { persona, text, trigger: TRIGGER_OF[cause.kind], seenSeq: scene.lastSeq };
  const outcome = await post(deps, channelId, reply, context.turnId);
  // The notes went into a model reply, now posted; a moderation line carried none of them.
  if (generated.kind === 'replies' && once.length > 0) await deps.notes.consume(channelId, once);
  return outcome;
}

/**
 * The speaker's reply to the scene (the channel sees them typing meanwhile), and the one-time notes it
 * carried, to consume once it is posted.
 */
async function generateRound(
  deps: CoreDeps,
  channelId: string,
  scene: Scene,
  speaker: Speaker,
  log: CoreLogger,
): Promise<{ generated: Generated; once: PendingNote[] }> {
  const { persona } = speaker;
  const { settings, cast, history } = scene;
  void deps.stage.typing(channelId, persona).catch((err: unknown) => log.debug({ err }, 'typing failed'));
  const notes = await gatherTurnNotes(deps, channelId, settings, persona, history, { once: true });
  const generated = await generateReplies(deps, {
    channelId,
    settings,
    persona,
    cast,
    history,
    // A capped read keeps the window's start on block boundaries even when every line fits.
    historyTruncated: history.length >= deps.options.historyWindow,
    mode: speaker.mode,
    notes: notes.texts,
  });
  return { generated, once: notes.once };
}

/** The channel as a round sees it: settings, cast and the history read for the prompt. */
interface Scene {
  settings: ChannelSettings;
  cast: Persona[];
  history: Line[];
  /** The newest line's seq when the round began (0 in an empty channel). */
  lastSeq: number;
}

async function readScene(
  deps: Pick<CoreDeps, 'settings' | 'personas' | 'history' | 'options'>,
  channelId: string,
  log: CoreLogger,
): Promise<Scene> {
  const settings = await deps.settings.get(channelId);
  const cast = await resolveCast(deps.personas, settings, { guildId: settings.guildId }, log);
  const stored = await deps.history.recent(channelId, deps.options.historyWindow);
  const history = inConversationOrder(stored);
  return { settings, cast, history, lastSeq: stored.at(-1)?.seq ?? 0 };
}

/** Who speaks this round, and how. */
interface Speaker {
  kind: 'speak';
  persona: Persona;
  mode: 'reply' | 'continue';
}

/** Who speaks this round and how, or why nobody does. */
async function chooseSpeaker(
  deps: ChooseDeps & Pick<CoreDeps, 'clock'>,
  channelId: string,
  cause: TurnCause,
  scene: Scene,
): Promise<Speaker | SilentOutcome> {
  const { settings, cast, history } = scene;
  const decision = await chooseNextSpeaker(
    deps,
    {
      history: history.slice(-deps.options.directorWindow),
      cast,
      settings,
      now: deps.clock.now(),
      random: seededRandom(hashString(`${channelId}:${scene.lastSeq}:${cause.kind}`)),
      trigger: directorTrigger(cause, history),
    },
    { channelId, guildId: settings.guildId },
  );
  if (!decision.speak) return { kind: 'silent', reason: decision.reason };
  const persona = cast.find((p) => p.id === decision.personaId);
  if (!persona) return { kind: 'silent', reason: `persona not in cast: ${decision.personaId}` };
  return { kind: 'speak', persona, mode: decision.mode };
}

/** Whether a person spoke after line `seq` (while the reply was generated). */
async function personSpokeSince(
  deps: Pick<CoreDeps, 'history'>,
  channelId: string,
  seq: number,
  log: CoreLogger,
): Promise<boolean> {
  const newer = (await deps.history.recent(channelId, NEWER_LINES_READ)).filter((l) => l.seq > seq);
  const spoke = newer.some((l) => l.kind === 'person');
  if (spoke) log.debug({ newer: newer.length }, 'people spoke while generating; deciding again');
  return spoke;
}

function directorTrigger(cause: TurnCause, history: readonly Line[]): DirectorTrigger {
  switch (cause.kind) {
    case 'line':
      return { kind: 'line' };
    case 'silence':
      return { kind: 'silence', nudgesSoFar: nudgesSinceLastPerson(history) };
    case 'forced':
      return { kind: 'forced', personaId: cause.personaId };
  }
}

/** Why a turn no longer applies, or undefined when it does. */
async function staleReason(deps: CoreDeps, channelId: string, cause: TurnCause): Promise<string | undefined> {
  if (cause.kind === 'forced') return undefined;
  if (cause.kind === 'line') {
    return (await newerLineHasTurn(deps, channelId, cause)) ? 'a newer line has its own turn' : undefined;
  }
  return staleNudgeReason(deps, channelId, cause.seq);
}

/** A line newer than the one this turn answers has a turn of its own scheduled, which takes over. */
async function newerLineHasTurn(
  deps: Pick<CoreDeps, 'ledger'>,
  channelId: string,
  cause: TurnCause,
): Promise<boolean> {
  return cause.kind === 'line' && (await deps.ledger.requestedSeq(channelId)) > cause.seq;
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
    await reportInterruptedPost(deps, channelId, record.personaId, turnId);
    return { kind: 'skipped', reason: 'interrupted while posting' };
  }
  const existing = await deps.history.findByMessageId(channelId, firstId);
  if (existing) return { kind: 'posted', personaId: record.personaId, line: existing };
  const speaker = {
    id: record.personaId,
    name: record.speakerName ?? (await recordedName(deps, channelId, record)),
  };
  const posted = { messageIds: record.messageIds ?? [firstId] };
  const line = await storePersonaLine(
    deps,
    channelId,
    speaker,
    record.text,
    posted,
    record.trigger,
    record.seenSeq,
  );
  return { kind: 'posted', personaId: record.personaId, line };
}

/** A record written before records carried the name (a rolling upgrade): the persona's name now. */
async function recordedName(deps: CoreDeps, channelId: string, record: TurnRecord): Promise<string> {
  const { guildId } = await deps.settings.get(channelId);
  return (await deps.personas.get(record.personaId, { guildId }))?.name ?? record.personaId;
}

/** What a round posts: the speaker's text, why it speaks, and the newest line its prompt held. */
interface Reply {
  persona: Persona;
  text: string;
  trigger: TurnTrigger;
  seenSeq: number;
}

async function post(deps: CoreDeps, channelId: string, reply: Reply, turnId: string): Promise<TurnOutcome> {
  const { persona, text, trigger, seenSeq } = reply;
  const record = { personaId: persona.id, speakerName: persona.name, text, trigger, seenSeq };
  if (!(await deps.ledger.markPosting(turnId, record))) {
    deps.log.warn({ channelId, turnId }, 'another run of this turn is already posting; not posting again');
    return { kind: 'skipped', reason: 'posted by another run' };
  }
  const chunks = splitMessage(text);
  let posted: PostedMessage;
  let shown = text;
  try {
    posted = await deps.stage.post(channelId, persona, chunks);
  } catch (err) {
    await reportDroppedReply(deps, channelId, persona, turnId, err);
    const kept = isStagePostError(err) ? err.postedIds : [];
    if (kept.length === 0) return { kind: 'silent', personaId: persona.id, reason: 'the post failed' };
    // The channel shows the first parts of the reply: so does history.
    posted = { messageIds: [...kept] };
    shown = chunks.slice(0, kept.length).join('\n');
  }
  await deps.ledger.markPosted(turnId, posted.messageIds);
  const line = await storePersonaLine(deps, channelId, persona, shown, posted, trigger, seenSeq);
  return { kind: 'posted', personaId: persona.id, line };
}
