// The system message of a persona's turn: its profile, a roster of the rest of the cast and the
// group-chat rule. It opens every request of a (channel, persona) session, so it is byte-identical
// from turn to turn for the same persona and cast: no times, no counts, no people's names, and the
// roster in a fixed order. Anything that changes per turn goes into the supplementary note instead.
import { characterText, profileText } from '../persona.js';
import type { Persona } from '../persona.js';

/** A roster entry without a summary shows the first sentence of the profile, at most this long. */
const ROSTER_DESCRIPTION_MAX_CHARS = 200;

const ROSTER_HEADING = 'Also in this group chat:';

/** Newlines or runs of spaces in a name or summary would break the one-entry-per-line roster. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The first sentence of a text (Latin or CJK punctuation), or its first line if it has none. */
function firstSentence(text: string): string {
  const firstLine = oneLine(text.trim().split('\n', 1)[0] ?? '');
  const end = /[.!?](?=\s|$)|[。！？]/u.exec(firstLine);
  return end ? firstLine.slice(0, end.index + end[0].length) : firstLine;
}

/** Shortens at a space when there is one in the second half, so a word is not cut in two. */
function clip(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const head = chars.slice(0, maxChars - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${space > head.length / 2 ? head.slice(0, space) : head}…`;
}

function rosterEntry(other: Persona): string {
  const aliases = other.aliases.map(oneLine).filter(Boolean);
  const name =
    aliases.length > 0 ? `${oneLine(other.name)} (also ${aliases.join(', ')})` : oneLine(other.name);
  const summary = other.summary === undefined ? '' : oneLine(other.summary);
  const description = clip(
    summary || firstSentence(profileText(other.profile)),
    ROSTER_DESCRIPTION_MAX_CHARS,
  );
  return description ? `- ${name}: ${description}` : `- ${name}`;
}

/** The one-line rule that makes the model play a single speaker of a `Name: text` transcript. */
export function groupChatRule(speakerName: string): string {
  return (
    `This is a group chat: every line starts with its speaker's name ("Name: text"). ` +
    `You write only ${oneLine(speakerName)}'s lines.`
  );
}

/**
 * The system message for `persona`: profile, then the other cast members sorted by persona id (the
 * cast's join order may differ between channels and restarts; the id order never does), then the rule.
 */
export function buildSystemMessage(persona: Persona, cast: readonly Persona[]): string {
  const seen = new Set<string>([persona.id]);
  const others: Persona[] = [];
  for (const member of cast) {
    if (seen.has(member.id)) continue;
    seen.add(member.id);
    others.push(member);
  }
  others.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const parts = [characterText(persona)];
  if (others.length > 0) parts.push([ROSTER_HEADING, ...others.map(rosterEntry)].join('\n'));
  parts.push(groupChatRule(persona.name));
  return parts.join('\n\n');
}
