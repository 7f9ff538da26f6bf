// Diverse responses (the API's `n`, 1–4): several versions of the channel's last persona message, asked
// for in one request with the context that message was generated in, offered to the caller; the one
// picked replaces the posted message (a stage edit) and its history line.
//
// A fresh seed goes with the request: with the persona's own fixed seed (or the simulator's
// prompt-derived one) the first choice would be the very reply already posted. Choices identical to
// the posted text, or to each other, are left out (so fewer than asked may be offered); only when
// nothing new is left is the model asked again, with another seed (retake.ts).
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../deps.js';
import type { Line } from '../line.js';
import { refuse, type Outcome } from './outcome.js';
import { text } from '../text.js';
import { replacePersonaLine } from './replace-line.js';
import { retakeFresh, retakeTargetOf, type RetakeTarget } from './retake.js';

/** The API's range for `n`. */
export const MIN_ALTERNATIVES = 1;
export const MAX_ALTERNATIVES = 4;

/** How long offered alternatives can be picked, ms. */
export const ALTERNATIVES_TTL_MS = 15 * 60 * 1000;

export interface OfferedAlternatives {
  /** Pass back to `pickAlternative` (a button's custom id can carry it). */
  setId: string;
  /** The persona message they would replace. */
  messageId: string;
  personaId: string;
  personaName: string;
  /** Numbered 1… in `message`; `pickAlternative` takes that number. */
  texts: string[];
  /** The seed the request carried. */
  seed: number;
}

/**
 * Asks for `count` (1–4) versions of the channel's last persona message and keeps them for
 * `pickAlternative` (a newer offer replaces an older one). `admitted`: the target `admitRetake` found,
 * when it was asked first.
 */
export async function offerAlternatives(
  deps: CoreDeps,
  channelId: string,
  count: number,
  admitted?: RetakeTarget,
): Promise<Outcome<OfferedAlternatives>> {
  if (!Number.isInteger(count) || count < MIN_ALTERNATIVES || count > MAX_ALTERNATIVES) {
    return refuse(text('alternatives.count', { min: MIN_ALTERNATIVES, max: MAX_ALTERNATIVES }));
  }
  const found = await retakeTargetOf(deps, channelId, admitted);
  if (!found.ok) return found;
  const { line, persona } = found.target;

  const generated = await retakeFresh(deps, channelId, found.target, count);
  if (generated.kind === 'over-budget') return refuse(generated.message);
  if (generated.kind === 'moderation') return refuse(text('retake.moderation'));
  const { seed, texts } = generated;
  if (texts.length === 0) return refuse(text('retake.nothingNew'));

  const setId = randomUUID().slice(0, 8);
  await deps.alternatives.save(
    channelId,
    { setId, messageId: line.messageId, personaId: persona.id, texts, at: deps.clock.now() },
    ALTERNATIVES_TTL_MS,
  );
  const list = texts.map((version, i) => `${i + 1}. ${version}`);
  return {
    ok: true,
    message: text('alternatives.offered', { count: texts.length, name: persona.name, list }),
    setId,
    messageId: line.messageId,
    personaId: persona.id,
    personaName: persona.name,
    texts,
    seed,
  };
}

/**
 * Replaces the message the offered alternatives were for with alternative `index` (1-based). `setId`,
 * when given, must be the offer's (a button of an older offer is refused).
 */
export async function pickAlternative(
  deps: CoreDeps,
  channelId: string,
  index: number,
  setId?: string,
): Promise<Outcome<{ line: Line }>> {
  const set = await deps.alternatives.get(channelId);
  if (!set) return refuse(text('alternatives.noneToPick'));
  if (setId !== undefined && set.setId !== setId) return refuse(text('alternatives.superseded'));
  const picked = Number.isInteger(index) ? set.texts[index - 1] : undefined;
  if (picked === undefined) return refuse(text('alternatives.pickRange', { max: set.texts.length }));

  const line = await deps.history.findByMessageId(channelId, set.messageId);
  if (!line || line.messageId === undefined) return refuse(text('retake.lineGone'));
  const settings = await deps.settings.get(channelId);
  const persona = await deps.personas.get(
    set.personaId,
    settings.guildId === undefined ? {} : { guildId: settings.guildId },
  );
  if (!persona) return refuse(text('alternatives.personaGone'));
  const replaced = await replacePersonaLine(
    deps,
    channelId,
    { ...line, messageId: line.messageId },
    persona,
    picked,
  );
  if (!replaced.ok) return replaced;
  await deps.alternatives.clear(channelId);
  return {
    ok: true,
    message: text('alternatives.picked', { name: persona.name, index }),
    line: replaced.line,
  };
}
