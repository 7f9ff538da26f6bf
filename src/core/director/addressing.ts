// Whom a line speaks to. Addressing comes before every strategy: a persona named, replied to or
// @-mentioned is the one who should answer, and a line meant for a person should not be answered by
// a persona at all.
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { personaNames } from '../persona.js';
import { charBefore, findNames, normalizeForMatching } from './names.js';
import type { NameMatch, Nameable } from './names.js';

/**
 * How a persona was addressed, strongest first: a native @-mention, a platform reply to its message,
 * a vocative ("Tao Le, …", "…, 凌路？"), or its name anywhere else (talked about, or spoken to
 * without a comma).
 */
export type AddressKind = 'mention' | 'reply' | 'vocative' | 'named';

export interface PersonaAddress {
  personaId: string;
  kind: AddressKind;
  /** The name that matched (or the persona's display name for a mention or reply). */
  name: string;
  /** The sentence that names it ends with a question mark ("Tao Le, …?"). */
  question: boolean;
}

export interface LineAddressing {
  /** Personas the line addresses, strongest kind first, then in text order; the speaker never. */
  personas: PersonaAddress[];
  /** Display names of the persons it addresses (named, or replied to); the speaker never. */
  persons: string[];
}

const STRENGTH: Record<AddressKind, number> = { mention: 3, reply: 3, vocative: 2, named: 1 };

/** Orders the kinds: 3 for a mention or reply, 2 for a vocative, 1 for a name anywhere. */
export function addressStrength(kind: AddressKind): number {
  return STRENGTH[kind];
}

/** True for the kinds that leave no doubt about whom the line is for. */
export function isDirect(kind: AddressKind): boolean {
  return STRENGTH[kind] >= STRENGTH.vocative;
}

const PERSON_KEY = 'person:';
const SENTENCE_END = /[.!?。！？…\n]/u;
const QUESTION = /[?？]/u;
// What may separate a vocative from the rest of its sentence.
const AFTER_START_VOCATIVE = /^[\s*_~"'”」』)]*([,，、:：!！?？.。…]|$)/u;
const AFTER_END_VOCATIVE = /^[\s*_~"'”」』)]*([.!?。！？…~～]|$)/u;
const BEFORE_END_VOCATIVE = /[,，、]\s*$/u;
const OPENERS = /^[\s*_~"'“「『(]*/u;
/**
 * Words that may come before a vocative at the start of a sentence ("Hey Cheng Yi, …", "Oh, Tao Le!",
 * "喂，凌路"). A short list on purpose: anything longer makes the name part of a sentence.
 */
const INTERJECTIONS = new Set([
  'hey', 'hi', 'hello', 'oh', 'ok', 'okay', 'so', 'well', 'yo', 'and', 'but', 'um', 'uh', 'ah', 'wait',
  'look', 'listen', 'dear', 'thanks', 'no', 'yes', 'yeah', 'come', 'on',
  '嘿', '喂', '哎', '那', '那么', '哦', '嗨', '好', 'ねえ', 'あの', 'おい',
]); // prettier-ignore

function sentenceStart(text: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) if (SENTENCE_END.test(text[i] ?? '')) return i + 1;
  return 0;
}

function endsWithQuestion(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const char = text[i] ?? '';
    if (SENTENCE_END.test(char)) return QUESTION.test(char);
  }
  return false;
}

/** A name said to someone: at the start of a sentence (after at most an interjection) or at its end. */
export function isVocative(text: string, match: Pick<NameMatch, 'start' | 'end'>): boolean {
  if (charBefore(text, match.start) === '@') return true;
  const after = text.slice(match.end);
  const prefix = text.slice(sentenceStart(text, match.start), match.start).replace(OPENERS, '').trim();
  const words = prefix
    .replace(/[,，、!！]/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  const startsSentence = words.every((word) => INTERJECTIONS.has(word));
  if (startsSentence && AFTER_START_VOCATIVE.test(after)) return true;
  const before = text.slice(0, match.start);
  return BEFORE_END_VOCATIVE.test(before) && AFTER_END_VOCATIVE.test(after);
}

/** The persons who appear in a history, keyed so they never collide with persona ids. */
export function personsIn(history: readonly Line[], exceptSpeakerId?: string): Nameable[] {
  const byId = new Map<string, string>();
  for (const line of history) {
    if (line.kind === 'person' && line.speakerId !== exceptSpeakerId)
      byId.set(line.speakerId, line.speakerName);
  }
  return [...byId].map(([id, name]) => ({ key: `${PERSON_KEY}${id}`, names: [name] }));
}

/** Whom `line` addresses among `cast` and the persons of `history`. */
export function addressing(line: Line, cast: readonly Persona[], history: readonly Line[]): LineAddressing {
  const speakerIsPersona = line.kind === 'persona';
  const others = cast.filter((persona) => !(speakerIsPersona && persona.id === line.speakerId));
  const persons = personsIn(history, line.speakerId);
  const text = normalizeForMatching(line.text);
  const matches = findNames(line.text, [
    ...others.map((persona) => ({ key: persona.id, names: personaNames(persona) })),
    ...persons,
  ]);

  const found = new Map<string, PersonaAddress>();
  const add = (address: PersonaAddress) => {
    const known = found.get(address.personaId);
    if (!known || STRENGTH[address.kind] > STRENGTH[known.kind]) found.set(address.personaId, address);
  };
  const question = QUESTION.test(line.text);
  for (const persona of others) {
    if (line.mentions?.includes(persona.id))
      add({ personaId: persona.id, kind: 'mention', name: persona.name, question });
    if (line.replyTo?.kind === 'persona' && line.replyTo.speakerId === persona.id) {
      add({ personaId: persona.id, kind: 'reply', name: persona.name, question });
    }
  }
  const addressedPersons = new Set<string>();
  for (const match of matches) {
    if (match.key.startsWith(PERSON_KEY)) {
      addressedPersons.add(match.key);
      continue;
    }
    const kind = isVocative(text, match) ? 'vocative' : 'named';
    add({ personaId: match.key, kind, name: match.name, question: endsWithQuestion(text, match.end) });
  }
  if (line.replyTo?.kind === 'person' && line.replyTo.speakerId !== line.speakerId) {
    addressedPersons.add(`${PERSON_KEY}${line.replyTo.speakerId}`);
  }

  // Strongest first; a stable sort keeps mentions in cast order and names in text order.
  const personas = [...found.values()].sort((a, b) => STRENGTH[b.kind] - STRENGTH[a.kind]);
  const personNames = new Map(persons.map((person) => [person.key, person.names[0] ?? '']));
  if (line.replyTo?.kind === 'person')
    personNames.set(`${PERSON_KEY}${line.replyTo.speakerId}`, line.replyTo.speakerName);
  return { personas, persons: [...addressedPersons].map((key) => personNames.get(key) ?? key) };
}
