// `/memory on|off persona:` — long-term memory for one persona wherever it plays in this server (a
// channel's own `/memory` setting still wins). Like `/persona actions`: a server's own persona changes in
// place; a shipped one gets a server copy, and `/persona delete` on the copy brings the shipped one back.
import type { AdminResult } from '../../core/channel-admin.js';
import { withMemory } from '../../core/capabilities/index.js';
import { memorySchema, type Persona } from '../../core/persona.js';
import type { CommandContext } from '../slash-command.js';
import { saveServerPersona } from './save-server-persona.js';

export async function setPersonaMemory(
  ctx: CommandContext,
  guildId: string,
  persona: Persona,
  memory: { enabled: boolean; entries?: number; skipSaveTypes?: string[] },
): Promise<AdminResult> {
  // The persona schema's own memory rules (entries 20–400, the API's skip types) decide what is valid.
  const checked = memorySchema.safeParse({ ...persona.memory, ...memory });
  if (!checked.success) {
    return {
      ok: false,
      message: `Not a memory setting: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
    };
  }
  const own = await ctx.guildPersonas.get(guildId, persona.id);
  const changed = withMemory(persona, checked.data);
  const saved = await saveServerPersona(ctx, guildId, changed, { mode: 'replace' });
  if (!saved.ok) return saved;
  const state = changed.memory.enabled
    ? `on: a summary every ${changed.memory.entries} messages; not stored: ${changed.memory.skipSaveTypes.join(', ') || 'nothing'}`
    : 'off';
  const copy = own
    ? ''
    : ` ${persona.name} ships with Troupe, so this server now has its own copy; \`/persona delete\` brings the shipped one back.`;
  return {
    ok: true,
    message:
      `Long-term memory for ${persona.name} is ${state}, in every channel of this server where the channel has not set its own.` +
      (changed.memory.enabled ? ' The API supports it for Chinese conversations only.' : '') +
      copy,
  };
}
