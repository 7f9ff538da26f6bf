// Turns the model's raw continuation of `Name:` into the text a persona posts (pure). Role-play models
// often repeat the speaker prefix or run on into other speakers' lines; people must see only this
// persona's words, and nothing at all when nothing is left (a persona stays silent, never posts empty).
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { personaNames } from '../persona.js';
import { speakerLabel, speakerNames } from '../prompt/speaker-labels.js';

export interface CleanReplyOptions {
  speaker: Pick<Persona, 'name' | 'aliases'>;
  /** Other cast personas' names and aliases, and people's display names seen in the window. */
  otherNames: readonly string[];
}

/** Markdown emphasis a model may wrap a name in (`**Name:**`, `*Name*:`, `__Name__:`). */
const EMPHASIS = '(?:\\*{1,2}|_{1,2})?';
/** Horizontal whitespace only: a name prefix never spans lines. */
const SPACE = '[^\\S\\n]';
/** A colon after a name, ASCII or full-width, possibly wrapped in emphasis. */
const COLON = `${EMPHASIS}${SPACE}*[:：]${EMPHASIS}`;
/** A sentence end and the space after it, after which an inline `Name:` starts another speaker's line. */
const SENTENCE_END = `(?:[.!?…]["'”’)）\\]]*${SPACE}+|[。！？][”’」』）)]*${SPACE}*)`;

/** Escapes a name for a RegExp; names are text in any script, never patterns. */
function escapeRegExp(text: string): string {
  // Only syntax characters: the `u` flag rejects needless escapes such as `\-`.
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

/** An alternation of names, longest first so `Tao Le` wins over `Tao`; spaces inside match any run. */
function namesAlternation(names: readonly string[]): string | undefined {
  const unique = [...new Set(names.map((name) => name.trim()).filter(Boolean))];
  if (unique.length === 0) return undefined;
  unique.sort((a, b) => b.length - a.length);
  return unique.map((name) => escapeRegExp(name).replace(/\s+/gu, `${SPACE}+`)).join('|');
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/** Index where another speaker's line begins (on a later line, or inline after a sentence end). */
function otherSpeakerStart(text: string, others: string): number | undefined {
  const lineStart = new RegExp(`\\n${SPACE}*${EMPHASIS}(?:${others})${COLON}`, 'iu');
  const inline = new RegExp(`(?<=${SENTENCE_END})${EMPHASIS}(?:${others})${COLON}`, 'iu');
  const starts = [lineStart.exec(text)?.index, inline.exec(text)?.index].filter(
    (index): index is number => index !== undefined,
  );
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

export function cleanReply(raw: string, options: CleanReplyOptions): string | undefined {
  const ownNames = personaNames(options.speaker);
  const own = namesAlternation(ownNames);
  const others = namesAlternation(
    options.otherNames.filter((name) => !ownNames.some((ownName) => sameName(ownName, name))),
  );
  let text = raw.replace(/\r\n?/gu, '\n');

  if (own) {
    // The model repeated the prefix it was given, maybe more than once: `Ling Lu: Ling Lu: hi`. A newline
    // after it stays, so a next line that is someone else's (`Ling Lu:\nTao Le: hi`) is still cut below.
    const leading = new RegExp(`^\\s*${EMPHASIS}(?:${own})${COLON}${SPACE}*`, 'iu');
    for (let match = leading.exec(text); match && match[0].length > 0; match = leading.exec(text)) {
      text = text.slice(match[0].length);
    }
  }
  if (others) {
    const cut = otherSpeakerStart(text, others);
    if (cut !== undefined) text = text.slice(0, cut);
  }
  if (own) {
    // What is left is this persona's; a later `Ling Lu:` line is it carrying on, so only the prefix goes.
    text = text.replace(new RegExp(`(^|\\n)${SPACE}*${EMPHASIS}(?:${own})${COLON}${SPACE}*`, 'giu'), '$1');
  }

  text = text.replace(/\n[^\S\n]*\n(?:[^\S\n]*\n)+/gu, '\n\n').trim();
  // Nothing but punctuation, markdown marks or spaces is not a reply (emoji are).
  if (/^[\p{P}\p{Sk}\p{Sm}\s]*$/u.test(text)) return undefined;
  return text;
}

/**
 * The names a reply must not speak for, for `otherNames`: the other cast personas' names and aliases,
 * everyone else who speaks in `lines` (pass the prompt's window) as the prompt showed them (a person
 * named like a persona with their player tag) and the narrator of system lines.
 */
export function otherSpeakerNames(
  speaker: Pick<Persona, 'id' | 'name' | 'aliases'>,
  cast: readonly Pick<Persona, 'id' | 'name' | 'aliases'>[],
  lines: readonly Line[],
): string[] {
  const names: string[] = [];
  const labels = speakerNames(cast, lines);
  for (const member of cast) if (member.id !== speaker.id) names.push(...personaNames(member));
  for (const line of lines) {
    if (!(line.kind === 'persona' && line.speakerId === speaker.id)) names.push(speakerLabel(line, labels));
  }
  const ownNames = personaNames(speaker);
  const unique = new Map<string, string>();
  for (const name of names) {
    const trimmed = name.trim();
    const key = trimmed.toLocaleLowerCase();
    if (trimmed && !unique.has(key) && !ownNames.some((ownName) => sameName(ownName, trimmed))) {
      unique.set(key, trimmed);
    }
  }
  return [...unique.values()];
}
