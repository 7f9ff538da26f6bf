// What players and admins can do to a channel, for every adapter (slash commands, the playground's
// typed commands): the cast (and who saw what: scene-presence.ts), turn strategy, silence, mute, pause,
// nudge, scene, reset. Expected refusals come back as values (`Outcome`, as every capability's) for the
// adapter to show.
import { randomUUID } from 'node:crypto';
import { refuse, type Outcome } from './capabilities/outcome.js';
import type { ChannelSettings, SilenceSettings, Strategy } from './channel-settings.js';
import type { CoreDeps } from './deps.js';
import type { Line } from './line.js';
import { matchPersona, type Persona } from './persona.js';
import { hashString, seededRandom } from './random.js';
import { splitMessage } from './reply/split-message.js';
import {
  spansAfterJoining,
  spansAfterLeaving,
  type PresenceSpan,
  type ScenePresence,
} from './scene-presence.js';
import { rearmSilence, stopSilence } from './silence-timer.js';
import { storePersonaLine } from './store-line.js';
import { text, type Text } from './text.js';

/** What a channel command returns: an `Outcome`, with the settings as they now are when it changed them. */
export type AdminResult = Outcome<{ settings?: ChannelSettings }>;

async function findPersona(deps: CoreDeps, channelId: string, query: string): Promise<Persona | undefined> {
  const settings = await deps.settings.get(channelId);
  return matchPersona(await deps.personas.list({ guildId: settings.guildId }), query);
}

/** The newest line's seq, or undefined in a channel with no lines (nothing said yet, or just reset). */
async function lastSeq(deps: Pick<CoreDeps, 'history'>, channelId: string): Promise<number | undefined> {
  return (await deps.history.recent(channelId, 1)).at(-1)?.seq;
}

/** The channel's presence with one persona's spans replaced; undefined spans: it saw everything. */
function withPresence(
  settings: ChannelSettings,
  personaId: string,
  spans: PresenceSpan[] | undefined,
): ScenePresence | undefined {
  const { [personaId]: _previous, ...others } = settings.presence ?? {};
  const presence = spans === undefined ? others : { ...others, [personaId]: spans };
  return Object.keys(presence).length > 0 ? presence : undefined;
}

/**
 * Adds a persona to the cast; it opens with its greeting (its first line in history) unless told not
 * to. It knows what is said from now on (and what it saw in earlier presences here), or with
 * `knowsEverything` the whole history.
 */
export async function addToCast(
  deps: CoreDeps,
  channelId: string,
  query: string,
  options: { greet?: boolean; knowsEverything?: boolean } = {},
): Promise<AdminResult> {
  const persona = await findPersona(deps, channelId, query);
  if (!persona) return refuse(text('persona.notFound', { query }));
  const settings = await deps.settings.get(channelId);
  if (settings.cast.includes(persona.id)) return refuse(text('cast.alreadyIn', { name: persona.name }));
  const knowsEverything = options.knowsEverything === true;
  const spans = spansAfterJoining(
    settings.presence?.[persona.id],
    await lastSeq(deps, channelId),
    knowsEverything,
  );
  const updated = await deps.settings.update(channelId, {
    cast: [...settings.cast, persona.id],
    presence: withPresence(settings, persona.id, spans),
  });
  if (options.greet !== false) await postGreeting(deps, channelId, persona);
  const message = knowsEverything
    ? text('cast.joinedKnowing', { name: persona.name })
    : text('cast.joined', { name: persona.name });
  return { ok: true, message, settings: updated };
}

/** Takes a persona out of the cast (and unmutes it); what is said while it is away it will not know. */
export async function removeFromCast(deps: CoreDeps, channelId: string, query: string): Promise<AdminResult> {
  const persona = await findPersona(deps, channelId, query);
  const settings = await deps.settings.get(channelId);
  if (!persona || !settings.cast.includes(persona.id)) return refuse(text('cast.notIn', { query }));
  const spans = spansAfterLeaving(settings.presence?.[persona.id], await lastSeq(deps, channelId));
  const updated = await deps.settings.update(channelId, {
    cast: settings.cast.filter((id) => id !== persona.id),
    muted: settings.muted.filter((id) => id !== persona.id),
    presence: withPresence(settings, persona.id, spans),
  });
  return { ok: true, message: text('cast.left', { name: persona.name }), settings: updated };
}

/** The greeting (or one of the alternates, stable per channel) posted and stored as the persona's line. */
export async function postGreeting(
  deps: CoreDeps,
  channelId: string,
  persona: Persona,
): Promise<Line | undefined> {
  const greetings = [persona.greeting, ...persona.alternateGreetings].filter((g): g is string => Boolean(g));
  if (greetings.length === 0) return undefined;
  const pick = seededRandom(hashString(`${channelId}:${persona.id}`))();
  const greeting = greetings[Math.floor(pick * greetings.length)]!;
  const posted = await deps.stage.post(channelId, persona, splitMessage(greeting));
  return storePersonaLine(deps, channelId, persona, greeting, posted, 'greeting');
}

export async function setStrategy(
  deps: CoreDeps,
  channelId: string,
  strategy: Strategy,
): Promise<AdminResult> {
  const settings = await deps.settings.update(channelId, { strategy });
  return { ok: true, message: text('turns.set', { strategy: text(`turns.strategy.${strategy}`) }), settings };
}

/** What a channel's silence setting does, when it is on. */
export function silenceText(silence: Pick<SilenceSettings, 'afterMs' | 'maxNudges'>): Text {
  return text('silence.on', { seconds: Math.round(silence.afterMs / 1000), count: silence.maxNudges });
}

/** `afterMs` undefined turns silence nudges off. */
export async function setSilence(
  deps: CoreDeps,
  channelId: string,
  afterMs: number | undefined,
  maxNudges?: number,
): Promise<AdminResult> {
  const current = await deps.settings.get(channelId);
  if (afterMs === undefined) {
    const settings = await deps.settings.update(channelId, {
      silence: { ...current.silence, enabled: false },
    });
    await stopSilence(deps, channelId);
    return { ok: true, message: text('silence.off'), settings };
  }
  const silence = { enabled: true, afterMs, maxNudges: maxNudges ?? current.silence.maxNudges };
  const settings = await deps.settings.update(channelId, { silence });
  await rearmSilence(deps, channelId, settings);
  return {
    ok: true,
    message: silenceText(silence),
    settings,
  };
}

export async function setMuted(
  deps: CoreDeps,
  channelId: string,
  query: string,
  muted: boolean,
): Promise<AdminResult> {
  const persona = await findPersona(deps, channelId, query);
  const current = await deps.settings.get(channelId);
  if (!persona || !current.cast.includes(persona.id)) return refuse(text('cast.notIn', { query }));
  const others = current.muted.filter((id) => id !== persona.id);
  const settings = await deps.settings.update(channelId, { muted: muted ? [...others, persona.id] : others });
  return {
    ok: true,
    message: text(muted ? 'mute.on' : 'mute.off', { name: persona.name }),
    settings,
  };
}

export async function setPaused(deps: CoreDeps, channelId: string, paused: boolean): Promise<AdminResult> {
  const settings = await deps.settings.update(channelId, { paused });
  if (paused) await stopSilence(deps, channelId);
  else await rearmSilence(deps, channelId, settings);
  return { ok: true, message: text(paused ? 'pause.on' : 'pause.off'), settings };
}

export async function setScene(
  deps: CoreDeps,
  channelId: string,
  scene: string | undefined,
): Promise<AdminResult> {
  const settings = await deps.settings.update(channelId, { scene: scene?.trim() || undefined });
  return { ok: true, message: text(scene ? 'scene.set' : 'scene.cleared'), settings };
}

/** Asks a persona of the cast to speak now, whatever the strategy or the loop guard say. */
export async function nudge(deps: CoreDeps, channelId: string, query: string): Promise<AdminResult> {
  const persona = await findPersona(deps, channelId, query);
  const settings = await deps.settings.get(channelId);
  if (!persona || !settings.cast.includes(persona.id)) return refuse(text('cast.notIn', { query }));
  await deps.scheduler.scheduleTurn(
    channelId,
    { kind: 'forced', personaId: persona.id, nonce: randomUUID() },
    0,
  );
  return { ok: true, message: text('nudge.done', { name: persona.name }) };
}

/** Forgets the channel's history and starts new model sessions; the cast and settings stay. */
export async function resetChannel(deps: CoreDeps, channelId: string): Promise<AdminResult> {
  await stopSilence(deps, channelId);
  await deps.history.clear(channelId);
  await deps.sessions.rotateAll(channelId);
  // What was waiting for the old scene goes with it: one-time notes, and alternatives of a reply that
  // is no longer in the history.
  await deps.notes.clear(channelId);
  await deps.alternatives.clear(channelId);
  return { ok: true, message: text('reset.done') };
}
