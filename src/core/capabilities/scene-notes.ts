// Supplementary information for the turns to come: the standing scene note (`/scene`, every turn) and
// one-time notes (`/scene once`, the next turn that posts, e.g. "It starts to rain"). Both reach the
// model as one system message just before the last unanswered line, as the guide advises, so the
// session's cached prefix holds.
import { setScene } from '../channel-admin.js';
import type { CoreDeps } from '../deps.js';
import { refuse, type Outcome } from './outcome.js';
import { text } from '../text.js';

/** Longest note accepted, characters: a note is a line of stage direction, not a chapter. */
export const MAX_NOTE_CHARS = 1_000;

/** The standing scene note for every turn; undefined or blank clears it. */
export async function setSceneNote(
  deps: CoreDeps,
  channelId: string,
  note: string | undefined,
): Promise<Outcome> {
  if (note !== undefined && note.length > MAX_NOTE_CHARS)
    return refuse(text('scene.tooLong', { max: MAX_NOTE_CHARS }));
  const result = await setScene(deps, channelId, note);
  return { ok: result.ok, message: result.message };
}

/** A note for the channel's next turn only; consumed by the turn that posts, not by one thrown away. */
export async function sceneOnce(
  deps: CoreDeps,
  channelId: string,
  written: string,
): Promise<Outcome<{ noteId: string }>> {
  const note = written.trim();
  if (note === '') return refuse(text('scene.onceEmpty'));
  if (note.length > MAX_NOTE_CHARS) return refuse(text('scene.tooLong', { max: MAX_NOTE_CHARS }));
  const added = await deps.notes.add(channelId, note);
  return { ok: true, message: text('scene.onceNoted'), noteId: added.id };
}

/** Drops one-time notes no turn has used yet. */
export async function clearOnceNotes(deps: CoreDeps, channelId: string): Promise<Outcome> {
  await deps.notes.clear(channelId);
  return { ok: true, message: text('scene.onceCleared') };
}
