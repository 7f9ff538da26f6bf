// `/persona actions persona: stage:` — the noActions switch (the API's logit_bias with the guide's
// parenthesis token ids at -100, so the persona writes no "(stage actions)"). A server's own persona is
// changed in place. A shipped persona belongs to every server, so this server gets its own copy with
// the switch changed, as `/persona edit` does; `/persona delete` on the copy brings the shipped one back.
import type { AdminResult } from '../../core/channel-admin.js';
import { withNoActions } from '../../core/capabilities/index.js';
import type { Persona } from '../../core/persona.js';
import { text } from '../../core/text.js';
import type { CommandContext } from '../slash-command.js';
import { saveServerPersona } from './save-server-persona.js';

/** The option's values: stage actions `on` (allowed) or `off` (banned, noActions). */
export type StageActions = 'on' | 'off';

export async function setStageActions(
  ctx: CommandContext,
  guildId: string,
  persona: Persona,
  stage: StageActions,
): Promise<AdminResult> {
  const noActions = stage === 'off';
  const state = text(noActions ? 'persona.actions.banned' : 'persona.actions.allowed');
  const { name } = persona;
  if (persona.noActions === noActions) {
    return { ok: true, message: text('persona.actions.already', { name, state }) };
  }
  const own = await ctx.guildPersonas.get(guildId, persona.id);
  const saved = await saveServerPersona(ctx, guildId, withNoActions(persona, noActions), { mode: 'replace' });
  if (!saved.ok) return saved;
  return {
    ok: true,
    message: text(own ? 'persona.actions.set' : 'persona.actions.copy', { name, state }),
  };
}
