// Builders for the core unit tests: personas made inline through the real schema (so defaults are the
// ones a persona file gets), history lines, and seeded filler text in English and Chinese.
import type { Line, SpeakerKind } from '../../../src/core/line.js';
import { personaSchema } from '../../../src/core/persona.js';
import type { Persona, PersonaInput } from '../../../src/core/persona.js';
import type { RandomSource } from '../../../src/core/random.js';

export function makePersona(
  input: Pick<PersonaInput, 'id' | 'name' | 'profile'> & Partial<PersonaInput>,
): Persona {
  return personaSchema.parse(input);
}

export function makeLine(
  seq: number,
  kind: SpeakerKind,
  speakerId: string,
  speakerName: string,
  text: string,
): Line {
  return { id: String(seq), seq, kind, speakerId, speakerName, text, at: 1_700_000_000_000 + seq * 1_000 };
}

/** A persona's line, spoken under its display name. */
export function personaLine(seq: number, persona: Persona, text: string): Line {
  return makeLine(seq, 'persona', persona.id, persona.name, text);
}

const WORDS = (
  'the band rehearsal tonight chorus bridge melody bass guitar drums stream collab song lyrics ' +
  'tempo verse studio mix master coffee late sorry honestly really maybe tomorrow weekend'
).split(' ');

const HANZI = [...'我们今天晚上排练这首歌的副歌还需要再改一下你觉得节奏怎么样周末一起直播吧别熬夜了好好休息'];

function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** English filler of about `chars` characters, in sentences. */
export function englishText(random: RandomSource, chars: number): string {
  let text = '';
  while (text.length < chars) {
    const words = Array.from({ length: 4 + Math.floor(random() * 10) }, () => pick(random, WORDS));
    text += `${text ? ' ' : ''}${words.join(' ')}.`;
  }
  return text;
}

/** Chinese filler of `chars` characters, in sentences ending with 。 */
export function chineseText(random: RandomSource, chars: number): string {
  let text = '';
  while (text.length < chars) {
    text += Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(random, HANZI)).join('');
    text += '。';
  }
  return text.slice(0, chars);
}
