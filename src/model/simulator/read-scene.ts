// Reads what an in-character reply needs from a request: whom the model plays, whom it answers and
// what about, and the persona's temperament. Heuristics over the prompt text, nothing more — enough for
// the simulator's replies to read like that persona reacting to that line.
import { prefixName } from '../wire-request.js';
import type { PromptMessage } from './prefix-cache.js';

export type Tone = 'playful' | 'grumpy' | 'gentle' | 'formal' | 'cheerful' | 'neutral';

export interface Scene {
  /** Whom the model plays, if the request says. */
  speaker?: string;
  /** Whom it answers: the `Name:` of the last user line. */
  addressee?: string;
  /** A word from the line it answers. */
  cue?: string;
  tone: Tone;
  /** Temperament words found in the persona text, e.g. "mischievous". */
  traits: string[];
  /** Other speakers seen in the conversation, most recent first. */
  others: string[];
  /** Chinese when the answered line (else the persona text) is mostly Han characters. */
  language: 'en' | 'zh';
  /**
   * The first clause of the turn's supplementary note (a system message just before the last
   * unanswered line, or before the prefix), from its last paragraph: the most specific part, as
   * Troupe puts lore after one-time notes after the scene note.
   */
  note?: string;
}

const TONE_WORDS: Record<Exclude<Tone, 'neutral'>, readonly string[]> = {
  playful: [
    'mischievous',
    'playful',
    'teasing',
    'witty',
    'humorous',
    'joke',
    'cheeky',
    'sarcastic',
    'prankster',
  ],
  grumpy: ['grumpy', 'gruff', 'sharp-tongued', 'cynical', 'blunt', 'stern', 'irritable', 'sardonic', 'cold'],
  gentle: ['gentle', 'kind', 'shy', 'soft-spoken', 'caring', 'warm', 'timid', 'calm', 'sweet'],
  formal: [
    'formal',
    'polite',
    'elegant',
    'noble',
    'scholarly',
    'precise',
    'butler',
    'professor',
    'dignified',
  ],
  cheerful: ['enthusiastic', 'cheerful', 'energetic', 'bubbly', 'optimistic', 'lively', 'excited', 'sunny'],
};

const STOPWORDS = new Set(
  'about after again also because been before being could does doing from have just like more most much only other over really should some than that their them then there these they this those very what when where which while will with would your yours yourself'.split(
    ' ',
  ),
);

/** `Name: text` (a group-chat line), with a half- or full-width colon; a name is at most four words. */
const SPEAKER_LINE = /^\s*([^:：\n.!?,]{1,40}?)\s*[:：]\s*([\s\S]*)$/u;
const MAX_NAME_WORDS = 4;
const CAPITALIZED_NAME = String.raw`(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})`;
const PERSONA_NAME_PATTERNS = [
  new RegExp(String.raw`\bYou are (?:playing |now )?${CAPITALIZED_NAME}`, 'u'),
  new RegExp(String.raw`\bYou play ${CAPITALIZED_NAME}`, 'u'),
  new RegExp(String.raw`^\s*Name\s*[:：]\s*([^\n]+)`, 'mu'),
  /你是([\p{Script=Han}]{1,6})[，,。]/u,
];
const SPEAK_AS = /Reply only as ([^,\n]+?), with /u;

export function splitSpeakerLine(content: string): { name?: string; text: string } {
  const match = SPEAKER_LINE.exec(content);
  const name = match?.[1]!.trim();
  if (!match || !name || name.split(/\s+/u).length > MAX_NAME_WORDS) return { text: content.trim() };
  return { name, text: match[2]!.trim() };
}

function personaName(personaText: string): string | undefined {
  for (const pattern of PERSONA_NAME_PATTERNS) {
    const name = pattern.exec(personaText)?.[1]?.trim();
    if (name) return name;
  }
  return undefined;
}

/** Longest note clause the simulator picks up, characters. */
const MAX_NOTE_CHARS = 60;

/** Where the guide puts supplementary information: before the last user line, or before the prefix. */
function noteMessage(conversation: readonly PromptMessage[]): PromptMessage | undefined {
  let end = conversation.length;
  // Prefix mode `none`: the speak-as instruction stands where the prefix would be.
  const final = conversation[end - 1];
  if (final?.role === 'system' && SPEAK_AS.test(final.content)) end--;
  const tail = conversation.slice(0, end);
  const last = tail.at(-1);
  if (last?.role === 'system' && tail.length > 1) return last;
  const lastUser = tail.findLastIndex((m) => m.role === 'user');
  const before = tail[lastUser - 1];
  return lastUser > 1 && before?.role === 'system' ? before : undefined;
}

function noteClause(note: string): string | undefined {
  const paragraph =
    note
      .trim()
      .split(/\n\s*\n/u)
      .at(-1)
      ?.trim() ?? '';
  const clause = paragraph
    .split(/(?<=[.!?。！？])\s*|\n/u)[0]
    ?.trim()
    .replace(/[.!?。！？]+$/u, '');
  if (!clause) return undefined;
  const chars = [...clause];
  return chars.length > MAX_NOTE_CHARS ? `${chars.slice(0, MAX_NOTE_CHARS - 1).join('')}…` : clause;
}

/** Longest echo of a Chinese line the simulator quotes back. */
const MAX_CLAUSE_CHARS = 10;

function languageOf(text: string): 'en' | 'zh' {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return han > latin ? 'zh' : 'en';
}

/**
 * What of a line the reply picks up: in English the longest word that is not filler; in Chinese (no
 * spaces to find words by) the first clause, without its final particle, to be quoted back.
 */
export function pickCue(text: string): string | undefined {
  if (languageOf(text) === 'zh') {
    const clause = text.split(/[，。！？；,.!?;\s]/u).find((part) => part.trim() !== '') ?? '';
    const bare = clause.trim().replace(/[吧呢吗啊呀嘛]+$/u, '');
    if (bare === '') return undefined;
    return [...bare].length > MAX_CLAUSE_CHARS ? `${[...bare].slice(0, MAX_CLAUSE_CHARS).join('')}…` : bare;
  }
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  return words
    .filter((word) => word.length >= 4 && !STOPWORDS.has(word.toLowerCase()))
    .reduce<string | undefined>(
      (longest, word) => (longest && longest.length >= word.length ? longest : word),
      undefined,
    );
}

function readTone(personaText: string): { tone: Tone; traits: string[] } {
  const lower = personaText.toLowerCase();
  let tone: Tone = 'neutral';
  let bestCount = 0;
  const traits: string[] = [];
  for (const [candidate, words] of Object.entries(TONE_WORDS) as Array<[Tone, readonly string[]]>) {
    const found = words.filter((word) => new RegExp(`\\b${word}`, 'u').test(lower));
    traits.push(...found);
    if (found.length > bestCount) {
      tone = candidate;
      bestCount = found.length;
    }
  }
  return { tone, traits };
}

/**
 * @param messages the prompt as the model sees it (a long-term-memory profile as the first system message)
 * @param prefixOpen whether the last message is an assistant prefix to continue
 */
export function readScene(messages: readonly PromptMessage[], prefixOpen: boolean): Scene {
  const last = messages.at(-1);
  const personaText = messages.find((m) => m.role === 'system')?.content ?? '';
  const speakAs = [...messages].reverse().find((m) => m.role === 'system' && SPEAK_AS.test(m.content));

  let speaker: string | undefined;
  if (prefixOpen && last) speaker = prefixName(last.content) || undefined;
  speaker ??= speakAs ? SPEAK_AS.exec(speakAs.content)![1]!.trim() : undefined;
  speaker ??= personaName(personaText);
  speaker ??= messages
    .filter((m) => m.role === 'assistant')
    .map((m) => splitSpeakerLine(m.content).name)
    .find((name) => name !== undefined);

  const conversation = prefixOpen ? messages.slice(0, -1) : messages;
  const lastUser = [...conversation].reverse().find((m) => m.role === 'user');
  const answered = lastUser ? splitSpeakerLine(lastUser.content) : undefined;

  const others: string[] = [];
  for (const message of [...conversation].reverse()) {
    if (message.role === 'system') continue;
    const name = splitSpeakerLine(message.content).name;
    if (name && name !== speaker && !others.includes(name)) others.push(name);
  }

  const cue = answered ? pickCue(answered.text) : undefined;
  const note = noteMessage(conversation);
  const clause = note ? noteClause(note.content) : undefined;
  return {
    ...(speaker ? { speaker } : {}),
    ...(answered?.name ? { addressee: answered.name } : {}),
    ...(cue ? { cue } : {}),
    ...readTone(personaText),
    others,
    language: languageOf(answered?.text || personaText),
    ...(clause ? { note: clause } : {}),
  };
}
