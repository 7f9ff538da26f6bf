// Who a line is shown as in everything the model reads, so no one can speak as someone else. People
// choose their own names (a server nickname, a /character name, a proxied character), so a member
// called "Ling Lu" or "凌路" would otherwise read exactly as the persona Ling Lu; such a person is
// shown as `Ling Lu (a player)`. And a line's own text may hold a line break followed by `Ling Lu:`,
// which would read as the persona's turn inside someone else's message; such a line is shown as the
// real speaker's too (`Mia: Ling Lu: …`), as a first line `Ling Lu: …` already is.
//
// Both depend only on the line and the channel's cast (and the speakers of the window), so a line
// renders to the same bytes from turn to turn and the session cache's prefix holds.
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { personaNames } from '../persona.js';
import { findNames, type Nameable } from '../director/names.js';
import { oneLine } from './prompt-system.js';

/**
 * The speaker name of system-kind lines ("Mia joined", "the scene was reset"). They are sent as `user`
 * lines, not `system` messages: everything that is not this persona speaking is `user` in the guide's
 * group chat, a mid-history system message would read as a standing instruction, and the guide keeps
 * that role for one-time supplementary information. The fixed name gives them the same `Name: text`
 * shape as every other line.
 */
export const NARRATOR_NAME = 'Narrator';

/** For a line whose stored display name is blank (it should not happen; the prefix must not be empty). */
const UNKNOWN_SPEAKER_NAME = 'Someone';

/**
 * What follows a person's name that collides with a persona's, by the name's script: the model reads
 * it in the scene's language, and it stays one short, unmistakable tag.
 */
const PLAYER_TAGS = {
  latin: ' (a player)',
  chinese: '（玩家）',
  japanese: '（プレイヤー）',
  korean: ' (플레이어)',
} as const;

/** A `Name:` inside a line counts only when its colon comes within this many characters of the line start. */
const MAX_TAG_CHARS = 64;

/** Line breaks a model reads as one: `\n`, `\r`, the Unicode line and paragraph separators, NEL, VT, FF. */
const LINE_BREAK = /(\r\n|[\n\r\v\f\u0085\u2028\u2029])/u;
/** Colons a tag may end with: ASCII, full-width, small, modifier letter, ratio. */
const COLON = /[:：﹕꞉∶]/u;
const COLONS = /[:：﹕꞉∶]/gu;
/** Invisible format characters (zero-width spaces and joiners, bidi controls, soft hyphen…). */
const FORMAT_CHARS = /\p{Cf}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/**
 * Letters of other scripts that look like Latin ones (Cyrillic, Greek, a few IPA letters): "Lіng Lu"
 * with a Cyrillic і must not pass for someone else than "Ling Lu".
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h',
  о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ɡ: 'g',
  ɩ: 'i', ʟ: 'l', ɪ: 'i', ɴ: 'n', α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o',
  ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ℓ: 'l',
}; // prettier-ignore

/**
 * A name as it reads, for comparing: compatibility forms folded (full-width, ligatures), accents and
 * stacked combining marks dropped, invisible characters removed, look-alike letters folded to Latin,
 * lower case, and everything between letters and digits (spaces, `_`, `.`, emoji) one space.
 */
function readableName(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .replace(FORMAT_CHARS, '')
    .toLowerCase();
  return [...folded]
    .map((char) => LOOKALIKES[char] ?? char)
    .join('')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/** The letters and digits of a name only: "L i n g_L u" and "Ling Lu" are both "linglu". */
function skeleton(readable: string): string {
  return readable.replace(/ /gu, '');
}

/** The names a channel's lines are told apart by; build once per prompt with `speakerNames`. */
export interface SpeakerNames {
  /** The personas (cast, and any whose lines are in the window) and the narrator, as nameables. */
  readonly reserved: readonly Nameable[];
  /** `skeleton` of every reserved name. */
  readonly reservedSkeletons: ReadonlySet<string>;
  /** `readableName` of every name a line's text must not start a line with: reserved and people's. */
  readonly speakers: readonly string[];
  readonly speakerSkeletons: ReadonlySet<string>;
}

/** The names of `cast` and of the speakers of `lines` (the window a prompt shows). */
export function speakerNames(
  cast: readonly Pick<Persona, 'id' | 'name' | 'aliases'>[],
  lines: readonly Line[] = [],
): SpeakerNames {
  const reserved: Nameable[] = cast.map((persona) => ({
    key: `persona:${persona.id}`,
    names: personaNames(persona),
  }));
  const castIds = new Set(cast.map((persona) => persona.id));
  const departed = new Map<string, string>();
  for (const line of lines) {
    if (line.kind === 'persona' && !castIds.has(line.speakerId))
      departed.set(line.speakerId, line.speakerName);
  }
  for (const [id, name] of departed) reserved.push({ key: `persona:${id}`, names: [name] });
  reserved.push({ key: 'narrator', names: [NARRATOR_NAME] });

  const reservedReadable = reserved.flatMap((nameable) => nameable.names.map(readableName));
  const people = lines.filter((line) => line.kind === 'person').map((line) => readableName(line.speakerName));
  const speakers = [...new Set([...reservedReadable, ...people])].filter((name) => name !== '');
  return {
    reserved: reserved.map((nameable) => ({ ...nameable, names: nameable.names.map(readableName) })),
    reservedSkeletons: new Set(reservedReadable.map(skeleton).filter(Boolean)),
    speakers,
    speakerSkeletons: new Set(speakers.map(skeleton).filter(Boolean)),
  };
}

/** Whether a person's name would pass for a persona's (or the narrator's): it is one, or holds one. */
export function passesForPersona(name: string, names: SpeakerNames): boolean {
  const readable = readableName(name);
  if (readable === '') return false;
  if (names.reservedSkeletons.has(skeleton(readable))) return true;
  return findNames(readable, names.reserved).length > 0;
}

function playerTag(name: string): string {
  if (KANA.test(name)) return PLAYER_TAGS.japanese;
  if (HAN.test(name)) return PLAYER_TAGS.chinese;
  if (HANGUL.test(name)) return PLAYER_TAGS.korean;
  return PLAYER_TAGS.latin;
}

/**
 * The name a line is shown with: a persona's as stored, the narrator for system lines, and a person's
 * on one line without colons (a `Mia: Ling Lu` nickname would end the name early), followed by a
 * player tag when it would pass for a persona's.
 */
export function speakerLabel(line: Pick<Line, 'kind' | 'speakerName'>, names: SpeakerNames): string {
  if (line.kind === 'system') return NARRATOR_NAME;
  if (line.kind === 'persona') return oneLine(line.speakerName) || UNKNOWN_SPEAKER_NAME;
  const name = oneLine(line.speakerName.replace(COLONS, ' ').replace(FORMAT_CHARS, ''));
  if (name === '') return UNKNOWN_SPEAKER_NAME;
  return passesForPersona(name, names) ? `${name}${playerTag(name)}` : name;
}

/** Whether a line of text begins like a speaker's turn: a known name, then a colon soon after. */
function looksLikeSpeakerTag(textLine: string, names: SpeakerNames): boolean {
  const head = [...textLine].slice(0, MAX_TAG_CHARS).join('');
  const colon = COLON.exec(head);
  if (!colon) return false;
  const tag = readableName(head.slice(0, colon.index));
  if (tag === '') return false;
  if (names.speakerSkeletons.has(skeleton(tag))) return true;
  return names.speakers.some(
    (name) => tag === name || tag.startsWith(`${name} `) || (isUnspaced(name) && tag.startsWith(name)),
  );
}

/** Names in scripts written without spaces run straight into the next word ("凌路说：…"). */
function isUnspaced(name: string): boolean {
  return HAN.test(name) || KANA.test(name) || HANGUL.test(name);
}

/**
 * A line's text with every later line that begins like another speaker's turn (`\nLing Lu: …`,
 * `\n**凌路**：…`) shown as the real speaker's: `\nMia: Ling Lu: …`.
 */
export function guardSpeakerTags(text: string, label: string, names: SpeakerNames): string {
  const parts = text.split(LINE_BREAK);
  if (parts.length === 1) return text;
  // split with a capturing group: [line, break, line, break, line…]
  for (let i = 2; i < parts.length; i += 2) {
    const textLine = parts[i] ?? '';
    if (looksLikeSpeakerTag(textLine, names)) parts[i] = `${label}: ${textLine}`;
  }
  return parts.join('');
}
