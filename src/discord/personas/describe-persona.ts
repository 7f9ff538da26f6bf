// What `/persona show` says about a persona: who it is, and every request option it carries — the
// model, the logit_bias actually sent (its own map plus the guide's parenthesis ids when stage actions
// are banned), long-term memory, real-time, knowledge bases and web search — so an admin can check
// what a file or an import set without exporting it.
import { profileText, type Persona } from '../../core/persona.js';
import { logitBiasFor } from '../../core/turn/chat-request.js';
import { clip } from '../replies.js';

/** The profile gets what is left of Discord's 2,000 characters after the other fields. */
const PROFILE_CHARS = 900;

function requestOptions(persona: Persona): string[] {
  const bias = logitBiasFor(persona);
  const search = persona.webSearch;
  return [
    `Stage actions: ${persona.noActions ? 'banned (no parentheses: `/persona actions`)' : 'allowed'}`,
    `logit_bias: ${bias ? `\`${JSON.stringify(bias)}\`` : 'none'}`,
    persona.memory.enabled
      ? `Long-term memory: on, a summary every ${persona.memory.entries} messages`
      : undefined,
    persona.realtime ? 'Real-time: on (knows the date and time)' : undefined,
    persona.knowledgeBaseIds.length
      ? `Knowledge bases: ${persona.knowledgeBaseIds.map((id) => `\`${id}\``).join(', ')}`
      : undefined,
    search.enabled
      ? `Web search: on${search.options ? ` \`${JSON.stringify(search.options)}\`` : ''}`
      : undefined,
  ].filter((line): line is string => line !== undefined);
}

/** Creator notes are the author's words to people; a few lines of them say what matters. */
const NOTES_CHARS = 300;

/** What came from a character card (or was written in a file): authorship, lore, examples, instructions. */
function cardFields(persona: Persona): string[] {
  const lore = persona.lore.length;
  const off = persona.lore.filter((entry) => entry.enabled === false).length;
  return [
    persona.creator || persona.characterVersion
      ? `By: ${persona.creator ?? 'unknown'}${persona.characterVersion ? ` · version ${persona.characterVersion}` : ''}`
      : undefined,
    persona.tags.length ? `Tags: ${persona.tags.join(', ')}` : undefined,
    persona.creatorNotes ? `Creator notes: ${clip(persona.creatorNotes, NOTES_CHARS)}` : undefined,
    lore ? `Lore: ${lore} ${lore === 1 ? 'entry' : 'entries'}${off ? ` (${off} off)` : ''}` : undefined,
    persona.examples.length ? `Example dialogue: ${persona.examples.length} scenes` : undefined,
    persona.systemPrompt ? `Instructions: ${clip(persona.systemPrompt, 200)}` : undefined,
    persona.postHistoryInstructions || persona.depthPrompt
      ? `Every turn: ${clip([persona.postHistoryInstructions, persona.depthPrompt].filter(Boolean).join(' · '), 200)}`
      : undefined,
    persona.avatarImage && !persona.avatarUrl
      ? 'Avatar: stored by Troupe (shown when PUBLIC_URL is set)'
      : undefined,
  ].filter((line): line is string => line !== undefined);
}

export function describePersona(persona: Persona, own: boolean, defaultModel: string): string {
  const fields = [
    `**${persona.name}** \`${persona.id}\` — ${own ? "this server's own" : 'shipped with Troupe'}`,
    persona.aliases.length ? `Also called: ${persona.aliases.join(', ')}` : undefined,
    persona.summary ? `Summary: ${persona.summary}` : undefined,
    persona.greeting ? `Greeting: ${clip(persona.greeting, 300)}` : undefined,
    `Talkativeness: ${persona.talkativeness} · Model: ${persona.model ?? `${defaultModel} (the default)`}`,
    ...requestOptions(persona),
    ...cardFields(persona),
    `Profile:\n>>> ${clip(profileText(persona.profile), PROFILE_CHARS)}`,
  ];
  return fields.filter(Boolean).join('\n');
}
