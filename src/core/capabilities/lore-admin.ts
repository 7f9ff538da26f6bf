// Keyword-triggered lore a server or a channel adds (`/lore add|list|remove`): when a key comes up in
// the newest lines, the entry's text joins that turn's supplementary note (see lore.ts for matching and
// the token budget). A persona's own lore lives in its file.
import type { CoreDeps } from '../deps.js';
import type { LoreEntry } from '../lore.js';
import { matchPersona } from '../persona.js';
import type { LoreScope } from '../ports.js';
import { refuse, type Outcome } from './outcome.js';
import { text, type Text } from '../text.js';

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
  const body = input.text.trim();
  if (keys.length === 0) return refuse(text('lore.noKeys'));
  if (keys.length > MAX_LORE_KEYS || keys.some((key) => key.length > MAX_LORE_KEY_CHARS)) {
    return refuse(text('lore.tooManyKeys', { maxKeys: MAX_LORE_KEYS, maxChars: MAX_LORE_KEY_CHARS }));
  }
  if (body === '' || body.length > MAX_LORE_TEXT_CHARS)
    return refuse(text('lore.textLength', { max: MAX_LORE_TEXT_CHARS }));
  if (
    input.priority !== undefined &&
    !(Number.isInteger(input.priority) && Math.abs(input.priority) <= 100)
  ) {
    return refuse(text('lore.priority'));
  }
  const scope = await scopeOf(deps, channelId, input.scope);
  if (!scope) return refuse(text('lore.noServer'));

  let personaIds: string[] | undefined;
  if (input.personas && input.personas.length > 0) {
    const settings = await deps.settings.get(channelId);
    const all = await deps.personas.list(settings.guildId === undefined ? {} : { guildId: settings.guildId });
    personaIds = [];
    for (const query of input.personas) {
      const persona = matchPersona(all, query);
      if (!persona) return refuse(text('persona.notFound', { query }));
      personaIds.push(persona.id);
    }
  }
  const entry = await deps.lore.add(scope, {
    keys,
    text: body,
    ...(personaIds ? { personaIds } : {}),
    ...(input.priority === undefined ? {} : { priority: input.priority }),
  });
  const where = text(scope.kind === 'guild' ? 'lore.where.server' : 'lore.where.channel');
  return { ok: true, message: text('lore.added', { id: entry.id, where, keys }), entry };
}

/** The channel's and the server's entries, and the file lore of the personas in the cast. */
export async function listLore(
  deps: CoreDeps,
  channelId: string,
): Promise<Outcome<{ entries: LoreEntry[] }>> {
  const settings = await deps.settings.get(channelId);
  const entries: LoreEntry[] = [];
  const fileRows: Text[] = [];
  for (const id of settings.cast) {
    const persona = await deps.personas.get(
      id,
      settings.guildId === undefined ? {} : { guildId: settings.guildId },
    );
    if (!persona || persona.lore.length === 0) continue;
    fileRows.push(text('lore.fileRow', { name: persona.name, n: persona.lore.length }));
  }
  entries.push(...(await deps.lore.list({ kind: 'channel', channelId })));
  if (settings.guildId !== undefined)
    entries.push(...(await deps.lore.list({ kind: 'guild', guildId: settings.guildId })));
  const rows = entries.map((e) =>
    text('lore.row', {
      id: e.id,
      keys: e.keys,
      only: e.personaIds ? text('lore.only', { personas: e.personaIds }) : '',
      priority: e.priority ? text('lore.rowPriority', { priority: e.priority }) : '',
      text: e.text,
    }),
  );
  rows.push(...fileRows);
  return {
    ok: true,
    message: rows.length === 0 ? text('lore.empty') : text('lore.list', { rows }),
    entries,
  };
}

export async function removeLore(deps: CoreDeps, channelId: string, id: string): Promise<Outcome> {
  const trimmed = id.trim();
  const scope = await scopeOf(deps, channelId, trimmed.startsWith('s') ? 'server' : 'channel');
  if (!scope || !(await deps.lore.remove(scope, trimmed)))
    return refuse(text('lore.notFound', { id: trimmed }));
  return { ok: true, message: text('lore.removed', { id: trimmed }) };
}
