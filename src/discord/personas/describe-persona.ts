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

export function describePersona(persona: Persona, own: boolean, defaultModel: string): string {
  const fields = [
    `**${persona.name}** \`${persona.id}\` — ${own ? "this server's own" : 'shipped with Troupe'}`,
    persona.aliases.length ? `Also called: ${persona.aliases.join(', ')}` : undefined,
    persona.summary ? `Summary: ${persona.summary}` : undefined,
    persona.greeting ? `Greeting: ${clip(persona.greeting, 300)}` : undefined,
    `Talkativeness: ${persona.talkativeness} · Model: ${persona.model ?? `${defaultModel} (the default)`}`,
    ...requestOptions(persona),
    `Profile:\n>>> ${clip(profileText(persona.profile), PROFILE_CHARS)}`,
  ];
  return fields.filter(Boolean).join('\n');
}
