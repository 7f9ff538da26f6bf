// Keyword-triggered lore a server or a channel adds (`/lore add|list|remove`): when a key comes up in
// the newest lines, the entry's text joins that turn's supplementary note (see lore.ts for matching and
// the token budget). A persona's own lore lives in its file.
import type { CoreDeps } from '../deps.js';
import type { LoreEntry } from '../lore.js';
import { matchPersona } from '../persona.js';
import type { LoreScope } from '../ports.js';
import { refuse, type Outcome } from './outcome.js';

export const MAX_LORE_KEYS = 20;
export const MAX_LORE_KEY_CHARS = 100;
export const MAX_LORE_TEXT_CHARS = 2_000;

export interface LoreInput {
  /** Words or phrases that trigger the entry (any case for Latin, substring for CJK). */
  keys: string[];
  text: string;
  /** `server`: every channel of the server; `channel`: this one. */
  scope: 'server' | 'channel';
  /** Only these personas (ids, names or aliases) get it; absent: every persona. */
  personas?: string[];
  /** -100–100, higher first when the budget cannot hold every match. */
  priority?: number;
}

async function scopeOf(
  deps: CoreDeps,
  channelId: string,
  scope: 'server' | 'channel',
): Promise<LoreScope | undefined> {
  if (scope === 'channel') return { kind: 'channel', channelId };
  const { guildId } = await deps.settings.get(channelId);
  return guildId === undefined ? undefined : { kind: 'guild', guildId };
}

export async function addLore(
  deps: CoreDeps,
  channelId: string,
  input: LoreInput,
): Promise<Outcome<{ entry: LoreEntry }>> {
  const keys = [...new Set(input.keys.map((key) => key.trim()).filter(Boolean))];
  const text = input.text.trim();
  if (keys.length === 0) return refuse('Give at least one key.');
  if (keys.length > MAX_LORE_KEYS || keys.some((key) => key.length > MAX_LORE_KEY_CHARS)) {
    return refuse(`At most ${MAX_LORE_KEYS} keys of up to ${MAX_LORE_KEY_CHARS} characters.`);
  }
  if (text === '' || text.length > MAX_LORE_TEXT_CHARS)
    return refuse(`The text must be 1 to ${MAX_LORE_TEXT_CHARS} characters.`);
  if (
    input.priority !== undefined &&
    !(Number.isInteger(input.priority) && Math.abs(input.priority) <= 100)
  ) {
    return refuse('Priority is a whole number from -100 to 100.');
  }
  const scope = await scopeOf(deps, channelId, input.scope);
  if (!scope) return refuse('This channel is not in a server; add the entry to the channel.');

  let personaIds: string[] | undefined;
  if (input.personas && input.personas.length > 0) {
    const settings = await deps.settings.get(channelId);
    const all = await deps.personas.list(settings.guildId === undefined ? {} : { guildId: settings.guildId });
    personaIds = [];
    for (const query of input.personas) {
      const persona = matchPersona(all, query);
      if (!persona) return refuse(`No persona called "${query}".`);
      personaIds.push(persona.id);
    }
  }
  const entry = await deps.lore.add(scope, {
    keys,
    text,
    ...(personaIds ? { personaIds } : {}),
    ...(input.priority === undefined ? {} : { priority: input.priority }),
  });
  const where = scope.kind === 'guild' ? 'the server' : 'this channel';
  return { ok: true, message: `Lore ${entry.id} added for ${where}: ${keys.join(', ')}.`, entry };
}

/** The channel's and the server's entries, and the file lore of the personas in the cast. */
export async function listLore(
  deps: CoreDeps,
  channelId: string,
): Promise<Outcome<{ entries: LoreEntry[] }>> {
  const settings = await deps.settings.get(channelId);
  const entries: LoreEntry[] = [];
  const fileLines: string[] = [];
  for (const id of settings.cast) {
    const persona = await deps.personas.get(
      id,
      settings.guildId === undefined ? {} : { guildId: settings.guildId },
    );
    if (!persona || persona.lore.length === 0) continue;
    fileLines.push(`  ${persona.name}: ${persona.lore.length} from its file`);
  }
  entries.push(...(await deps.lore.list({ kind: 'channel', channelId })));
  if (settings.guildId !== undefined)
    entries.push(...(await deps.lore.list({ kind: 'guild', guildId: settings.guildId })));
  const lines = entries.map((e) => {
    const who = e.personaIds ? ` (only ${e.personaIds.join(', ')})` : '';
    const priority = e.priority ? ` [priority ${e.priority}]` : '';
    return `  ${e.id}: ${e.keys.join(', ')}${who}${priority} → ${e.text}`;
  });
  const body = [...lines, ...fileLines];
  return {
    ok: true,
    message:
      body.length === 0 ? 'No lore entries.' : ['Lore (c… this channel, s… the server):', ...body].join('\n'),
    entries,
  };
}

export async function removeLore(deps: CoreDeps, channelId: string, id: string): Promise<Outcome> {
  const trimmed = id.trim();
  const scope = await scopeOf(deps, channelId, trimmed.startsWith('s') ? 'server' : 'channel');
  if (!scope || !(await deps.lore.remove(scope, trimmed))) return refuse(`No lore entry ${trimmed}.`);
  return { ok: true, message: `Lore ${trimmed} removed.` };
}
