// `/memory on|off persona:` — long-term memory for one persona wherever it plays in this server (a
// channel's own `/memory` setting still wins). Like `/persona actions`: a server's own persona changes in
// place; a shipped one gets a server copy, and `/persona delete` on the copy brings the shipped one back.
import type { AdminResult } from '../../core/channel-admin.js';
import { withMemory } from '../../core/capabilities/index.js';
import { skippedTypes } from '../../core/capabilities/memory-admin.js';
import { memorySchema, type Persona } from '../../core/persona.js';
import { sentences, text } from '../../core/text.js';
import { describeIssues } from '../../personas/describe-issues.js';
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
      message: text('persona.memory.invalid', { problems: describeIssues(checked.error.issues) }),
    };
  }
  const own = await ctx.guildPersonas.get(guildId, persona.id);
  const changed = withMemory(persona, checked.data);
  const saved = await saveServerPersona(ctx, guildId, changed, { mode: 'replace' });
  if (!saved.ok) return saved;
  const { name } = persona;
  const state = changed.memory.enabled
    ? text('persona.memory.on', {
        name,
        entries: changed.memory.entries,
        skipped: skippedTypes(changed.memory.skipSaveTypes),
      })
    : text('persona.memory.off', { name });
  return {
    ok: true,
    message: own ? state : sentences(state, text('persona.memory.copy', { name })),
  };
}
