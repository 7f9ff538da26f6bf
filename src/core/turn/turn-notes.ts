// A turn's supplementary information besides the standing scene note: the one-time notes waiting for
// the channel's next posted turn (`/scene once`), the lore entries the newest lines call up (the
// persona's own, the server's and the channel's), the persona's standing instructions (a card's
// post-history instructions and Character's Note), and what the players' own characters (`/character`)
// are like. All of it ends up in the one system message the prompt builder puts before the last
// unanswered line.
import type { ChannelSettings } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import type { Line } from '../line.js';
import { selectLore, type LoreEntry } from '../lore.js';
import type { Persona } from '../persona.js';
import { characterNote, characterOf, MAX_CHARACTERS_PER_TURN } from '../player-characters.js';
import type { PendingNote } from '../ports.js';

/** What gathering a turn's notes reads. */
export type NotesDeps = Pick<CoreDeps, 'notes' | 'lore' | 'characters' | 'options' | 'tokens'>;

export interface TurnNotes {
  /**
   * Note texts in order: one-time notes (oldest first), lore (see `selectLore`), then the persona's own
   * standing instructions (`postHistoryInstructions`, `depthPrompt`), nearest the line it answers.
   */
  texts: string[];
  /** The one-time notes included, to consume once the turn has posted. */
  once: PendingNote[];
}

/** Every lore entry `persona` could get in this channel, its own file's first. */
export async function loreEntriesFor(
  deps: NotesDeps,
  channelId: string,
  settings: Pick<ChannelSettings, 'guildId'>,
  persona: Persona,
): Promise<LoreEntry[]> {
  const own: LoreEntry[] = persona.lore.map(({ name: _name, ...entry }, index) => ({
    ...entry,
    id: `p${index + 1}`,
    personaIds: [persona.id],
  }));
  const [server, channel] = await Promise.all([
    settings.guildId === undefined ? [] : deps.lore.list({ kind: 'guild', guildId: settings.guildId }),
    deps.lore.list({ kind: 'channel', channelId }),
  ]);
  return [...own, ...channel, ...server];
}

/**
 * The notes for `persona`'s turn on `history`. `once: false` leaves the one-time notes out (a retake of
 * an earlier reply: they are meant for the next turn, not an old one).
 */
export async function gatherTurnNotes(
  deps: NotesDeps,
  channelId: string,
  settings: Pick<ChannelSettings, 'guildId'>,
  persona: Persona,
  history: readonly Line[],
  options: { once: boolean },
): Promise<TurnNotes> {
  const once = options.once ? await deps.notes.pending(channelId) : [];
  const lore = selectLore(await loreEntriesFor(deps, channelId, settings, persona), history, {
    personaId: persona.id,
    budgetTokens: deps.options.loreBudgetTokens,
    tokens: deps.tokens,
  });
  const standing = [persona.postHistoryInstructions, persona.depthPrompt].filter((text): text is string =>
    Boolean(text),
  );
  const players = await playerCharacterNotes(deps, channelId, settings, history);
  return { texts: [...players, ...once.map((note) => note.text), ...lore.texts, ...standing], once };
}

/**
 * The descriptions of the characters (`/character … about:`) of the people speaking in the newest
 * lines the director reads, in the order they first spoke there, so the note changes only when
 * someone joins in or leaves the window.
 */
async function playerCharacterNotes(
  deps: NotesDeps,
  channelId: string,
  settings: Pick<ChannelSettings, 'guildId'>,
  history: readonly Line[],
): Promise<string[]> {
  const { characters } = deps;
  const people: string[] = [];
  for (const line of history.slice(-deps.options.directorWindow)) {
    // Proxied characters (`proxy:…`) and other bots have no /character of their own.
    if (line.kind !== 'person' || line.fromBot || line.speakerId.startsWith('proxy:')) continue;
    if (!people.includes(line.speakerId)) people.push(line.speakerId);
  }
  const found = await Promise.all(
    people.map((userId) => characterOf(characters, { guildId: settings.guildId, channelId }, userId)),
  );
  return found
    .map((entry) => (entry ? characterNote(entry.character) : undefined))
    .filter((note): note is string => note !== undefined)
    .slice(-MAX_CHARACTERS_PER_TURN);
}
