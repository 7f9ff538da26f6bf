// /unmute persona: — the persona speaks freely again.
import { setMuted } from '../src/core/channel-admin.js';
import { castPersonaCommand } from '../src/discord/cast-persona-command.js';

export const unmute = castPersonaCommand({
  name: 'unmute',
  description: 'A muted persona speaks freely again',
  run: (deps, channelId, persona) => setMuted(deps, channelId, persona, false),
});
