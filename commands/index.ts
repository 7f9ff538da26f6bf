// Every slash command Troupe deploys and answers. Adding one: a new file in this folder exporting a
// SlashCommand, plus one line here, plus its localizations in the `commands` section of each catalogue
// in src/i18n/locales (test/unit/i18n/command-localizations.test.ts says what is missing).
import { localizeCommand } from '../src/i18n/localize-commands.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { alternatives } from './alternatives.js';
import { budget } from './budget.js';
import { cast } from './cast.js';
import { channel } from './channel.js';
import { character } from './character.js';
import { failures } from './failures.js';
import { lore } from './lore.js';
import { memory } from './memory.js';
import { mute } from './mute.js';
import { nudge } from './nudge.js';
import { pause } from './pause.js';
import { persona } from './persona.js';
import { regenerate } from './regenerate.js';
import { reset } from './reset.js';
import { resume } from './resume.js';
import { scene } from './scene.js';
import { silence } from './silence.js';
import { turns } from './turns.js';
import { unmute } from './unmute.js';
import { usage } from './usage.js';

const DEFINED: readonly SlashCommand[] = [
  persona,
  cast,
  scene,
  lore,
  memory,
  alternatives,
  regenerate,
  turns,
  mute,
  unmute,
  pause,
  resume,
  silence,
  nudge,
  reset,
  channel,
  character,
  usage,
  budget,
  failures,
];

/** The commands with every name and description in each language Troupe speaks, as deployed. */
export const COMMANDS: readonly SlashCommand[] = DEFINED.map((command) => ({
  ...command,
  data: localizeCommand(command.data),
}));
