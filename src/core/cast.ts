// The personas of a channel's cast, resolved through the catalog in cast order. A persona whose file
// disappeared is skipped (and logged) rather than failing the channel.
import type { ChannelSettings } from './channel-settings.js';
import type { Persona } from './persona.js';
import type { CoreLogger, PersonaCatalog } from './ports.js';

export async function resolveCast(
  catalog: PersonaCatalog,
  settings: ChannelSettings,
  scope: { guildId?: string },
  log: CoreLogger,
): Promise<Persona[]> {
  const personas = await Promise.all(settings.cast.map((id) => catalog.get(id, scope)));
  const cast: Persona[] = [];
  personas.forEach((persona, index) => {
    if (persona) cast.push(persona);
    else log.warn({ personaId: settings.cast[index] }, 'persona in cast not found; skipped');
  });
  return cast;
}
