// Inline fixtures for the director tests: a band of four musicians with Chinese aliases, a Japanese
// singer, two people, and builders for lines and director inputs. Everything is made through the real
// schemas and defaults, so the tests see what a channel would.
import { withDefaults } from '../../../src/core/channel-settings.js';
import type { ChannelSettings } from '../../../src/core/channel-settings.js';
import type { DirectorInput, DirectorTrigger } from '../../../src/core/director/index.js';
import type { Line } from '../../../src/core/line.js';
import { personaSchema } from '../../../src/core/persona.js';
import type { Persona, PersonaInput } from '../../../src/core/persona.js';
import { seededRandom } from '../../../src/core/random.js';

export function makePersona(input: Pick<PersonaInput, 'id' | 'name'> & Partial<PersonaInput>): Persona {
  return personaSchema.parse({ profile: `${input.name}, a musician.`, ...input });
}

export const lingLu = makePersona({ id: 'ling-lu', name: 'Ling Lu', aliases: ['凌路', '路路'] });
export const chengYi = makePersona({ id: 'cheng-yi', name: 'Cheng Yi', aliases: ['程毅'] });
export const taoLe = makePersona({ id: 'tao-le', name: 'Tao Le', aliases: ['陶乐'] });
export const maHui = makePersona({ id: 'ma-hui', name: 'Ma Hui', aliases: ['马慧'] });
/** A Japanese singer, named in kanji and kana. */
export const misaki = makePersona({ id: 'misaki', name: '佐藤美咲', aliases: ['美咲', 'みさき', 'Misaki'] });
/** Answers to a plain "Ling", so "Ling Lu" must beat it. */
export const lingSister = makePersona({ id: 'ling', name: 'Ling', aliases: [] });

export const band: readonly Persona[] = [lingLu, chengYi, taoLe, maHui];

export const mia = { id: 'u-mia', name: 'Mia' } as const;
export const sam = { id: 'u-sam', name: 'Sam' } as const;

/** Epoch ms of line 1; line n is n seconds later. */
export const T0 = 1_700_000_000_000;

let seq = 0;

/** A person's line. */
export function said(person: { id: string; name: string }, text: string, extra: Partial<Line> = {}): Line {
  seq++;
  return {
    id: String(seq),
    seq,
    kind: 'person',
    speakerId: person.id,
    speakerName: person.name,
    text,
    at: T0 + seq * 1_000,
    ...extra,
  };
}

/** A persona's line. */
export function spoke(persona: Persona, text: string, extra: Partial<Line> = {}): Line {
  seq++;
  return {
    id: String(seq),
    seq,
    kind: 'persona',
    speakerId: persona.id,
    speakerName: persona.name,
    text,
    at: T0 + seq * 1_000,
    ...extra,
  };
}

/** Re-times a history so each line is a second after the previous one, ending at `now - 60 s`. */
function retime(history: Line[], now: number): Line[] {
  return history.map((line, index) => ({
    ...line,
    seq: index + 1,
    id: String(index + 1),
    at: now - 60_000 - (history.length - 1 - index) * 1_000,
  }));
}

export interface InputOptions {
  cast?: readonly Persona[];
  settings?: Partial<ChannelSettings>;
  trigger?: DirectorTrigger;
  seed?: number;
  /** Keep the lines' own times (otherwise the last line is a minute old). */
  keepTimes?: boolean;
  now?: number;
}

/** A director input over `history`, the band as cast, default settings, a fixed seed. */
export function input(history: Line[], options: InputOptions = {}): DirectorInput {
  const cast = options.cast ?? band;
  const now = options.now ?? (history.at(-1)?.at ?? T0) + 60_000;
  return {
    history: options.keepTimes ? history : retime(history, now),
    cast,
    settings: withDefaults({ cast: cast.map((persona) => persona.id), ...options.settings }),
    now,
    random: seededRandom(options.seed ?? 1),
    trigger: options.trigger ?? { kind: 'line' },
  };
}
