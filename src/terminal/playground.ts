// The local playground: the same core, Redis and BullMQ as on Discord, in a terminal. You type as a
// person; personas answer through the terminal stage; silence nudges arrive on their own. Troupe's own
// words are in LOCALE's language; what people and personas say is printed as said.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { addToCast } from '../core/channel-admin.js';
import type { CoreDeps } from '../core/deps.js';
import { receiveLine } from '../core/receive.js';
import { text, type Text } from '../core/text.js';
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
  banner: Text[];
}

/** Runs until `/quit` or the end of input. */
export async function runPlayground(deps: CoreDeps, options: PlaygroundOptions): Promise<void> {
  const { channelId, output } = options;
  const print = (line: string) => output.write(`${line}\n`);
  const say = (message: Text) => print(translate(options.locale, message));
  for (const line of options.banner) say(line);

  const settings = await deps.settings.get(channelId);
  const history = await deps.history.recent(channelId, 12);
  if (settings.cast.length === 0 && history.length === 0) {
    for (const id of options.defaultCast) {
      const result = await addToCast(deps, channelId, id);
      if (!result.ok) print(`(${translate(options.locale, result.message)})`);
    }
  } else {
    say(text('playground.resuming', { count: history.length }));
    for (const line of history) print(`${line.speakerName}: ${line.text}`);
  }
  say(text('playground.hint'));

  const rl = createInterface({ input: options.input, terminal: false });
  let queue = Promise.resolve();
  await new Promise<void>((resolve) => {
    rl.on('line', (raw) => {
      const typed = raw.trim();
      if (!typed) return;
      // Lines are handled one at a time, in the order typed.
      queue = queue.then(async () => {
        try {
          if (typed.startsWith('/')) {
            const result = await runPlaygroundCommand(deps, channelId, typed, options.locale);
            const shown = translate(options.locale, result.message);
            print(result.ok ? shown : `! ${shown}`);
            if ('quit' in result && result.quit) rl.close();
            return;
          }
          await receiveLine(deps, channelId, {
            kind: 'person',
            speakerId: 'player',
            speakerName: options.playerName,
            text: typed,
          });
        } catch (err) {
          deps.log.error({ err }, 'playground input failed');
          print(`! ${translate(options.locale, text('router.failure'))}`);
        }
      });
    });
    rl.on('close', () => void queue.then(resolve));
  });
}
