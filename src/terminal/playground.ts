// The local playground: the same core, Redis and BullMQ as on Discord, in a terminal. You type as a
// person; personas answer through the terminal stage; silence nudges arrive on their own.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { addToCast } from '../core/channel-admin.js';
import type { CoreDeps } from '../core/deps.js';
import { receiveLine } from '../core/receive.js';
import type { Message } from '../core/text.js';
import { translate } from '../i18n/i18n.js';
import { runPlaygroundCommand } from './playground-commands.js';

export interface PlaygroundOptions {
  channelId: string;
  playerName: string;
  /** The language Troupe's own messages are shown in (`LOCALE`). */
  locale: string;
  /** Persona ids that open an empty scene with their greetings. */
  defaultCast: string[];
  input: Readable;
  output: Writable;
  banner: string[];
}

/** Runs until `/quit` or the end of input. */
export async function runPlayground(deps: CoreDeps, options: PlaygroundOptions): Promise<void> {
  const { channelId, output } = options;
  const say = (text: Message) => output.write(`${translate(options.locale, text)}\n`);
  for (const line of options.banner) say(line);

  const settings = await deps.settings.get(channelId);
  const history = await deps.history.recent(channelId, 12);
  if (settings.cast.length === 0 && history.length === 0) {
    for (const id of options.defaultCast) {
      const result = await addToCast(deps, channelId, id);
      if (!result.ok) say(`(${translate(options.locale, result.message)})`);
    }
  } else {
    say(`(resuming the scene: ${history.length} recent lines; /reset starts over)`);
    for (const line of history) say(`${line.speakerName}: ${line.text}`);
  }
  say('(type /help for commands)');

  const rl = createInterface({ input: options.input, terminal: false });
  let queue = Promise.resolve();
  await new Promise<void>((resolve) => {
    rl.on('line', (raw) => {
      const text = raw.trim();
      if (!text) return;
      // Lines are handled one at a time, in the order typed.
      queue = queue.then(async () => {
        try {
          if (text.startsWith('/')) {
            const result = await runPlaygroundCommand(deps, channelId, text);
            const shown = translate(options.locale, result.message);
            say(result.ok ? shown : `! ${shown}`);
            if ('quit' in result && result.quit) rl.close();
            return;
          }
          await receiveLine(deps, channelId, {
            kind: 'person',
            speakerId: 'player',
            speakerName: options.playerName,
            text,
          });
        } catch (err) {
          deps.log.error({ err }, 'playground input failed');
          say(`! ${(err as Error).message}`);
        }
      });
    });
    rl.on('close', () => void queue.then(resolve));
  });
}
