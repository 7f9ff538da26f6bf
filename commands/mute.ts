// /mute persona: — the persona speaks only when addressed (or nudged) until /unmute.
import { setMuted } from '../src/core/channel-admin.js';
import { castPersonaCommand } from '../src/discord/cast-persona-command.js';

export const mute = castPersonaCommand({
  name: 'mute',
  description: 'A persona speaks only when addressed',
  run: (deps, channelId, persona) => setMuted(deps, channelId, persona, true),
});
