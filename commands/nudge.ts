// /nudge persona: — that persona speaks now, whatever the turn order or the loop guard would say.
import { nudge as nudgePersona } from '../src/core/channel-admin.js';
import { castPersonaCommand } from '../src/discord/cast-persona-command.js';

export const nudge = castPersonaCommand({
  name: 'nudge',
  description: 'Make a persona speak now',
  run: (deps, channelId, persona) => nudgePersona(deps, channelId, persona),
});
