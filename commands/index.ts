// Every slash command Troupe deploys and answers. Adding one: a new file in this folder exporting a
// SlashCommand, plus one line here.
import type { SlashCommand } from '../src/discord/slash-command.js';
import { cast } from './cast.js';
import { channel } from './channel.js';
import { mute } from './mute.js';
import { nudge } from './nudge.js';
import { pause } from './pause.js';
import { persona } from './persona.js';
import { reset } from './reset.js';
import { resume } from './resume.js';
import { scene } from './scene.js';
import { silence } from './silence.js';
import { turns } from './turns.js';
import { unmute } from './unmute.js';

export const COMMANDS: readonly SlashCommand[] = [
  persona,
  cast,
  scene,
  turns,
  mute,
  unmute,
  pause,
  resume,
  silence,
  nudge,
  reset,
  channel,
];
