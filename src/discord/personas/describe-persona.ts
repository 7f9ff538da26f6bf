// What `/persona show` says about a persona: who it is, and every request option it carries — the
// model, the logit_bias actually sent (its own map plus the guide's parenthesis ids when stage actions
// are banned), long-term memory, real-time, knowledge bases and web search — so an admin can check
// what a file or an import set without exporting it. The labels are in the reader's language; what
// the persona's author wrote stays as written.
import { profileText, type Persona } from '../../core/persona.js';
import { lines, text, type Text } from '../../core/text.js';
import { logitBiasFor } from '../../core/turn/chat-request.js';
import { clip } from '../replies.js';

/** The profile gets what is left of Discord's 2,000 characters after the other fields. */
const PROFILE_CHARS = 900;

function requestOptions(persona: Persona): Text[] {
  const bias = logitBiasFor(persona);
  const search = persona.webSearch;
  return [
    text(persona.noActions ? 'persona.show.actionsBanned' : 'persona.show.actionsAllowed'),
    bias ? text('persona.show.logitBias', { bias: JSON.stringify(bias) }) : text('persona.show.noLogitBias'),
    persona.memory.enabled ? text('persona.show.memory', { entries: persona.memory.entries }) : undefined,
    persona.realtime ? text('persona.show.realtime') : undefined,
    persona.knowledgeBaseIds.length
      ? text('persona.show.knowledgeBases', { ids: persona.knowledgeBaseIds.map((id) => `\`${id}\``) })
      : undefined,
    search.enabled
      ? search.options
        ? text('persona.show.webSearchOptions', { options: JSON.stringify(search.options) })
        : text('persona.show.webSearch')
      : undefined,
  ].filter((line): line is Text => line !== undefined);
}

/** Creator notes are the author's words to people; a few lines of them say what matters. */
const NOTES_CHARS = 300;

/** What came from a character card (or was written in a file): authorship, lore, examples, instructions. */
function cardFields(persona: Persona): Text[] {
  const lore = persona.lore.length;
  const off = persona.lore.filter((entry) => entry.enabled === false).length;
  const creator = persona.creator ?? text('persona.show.unknownCreator');
  return [
    persona.creator || persona.characterVersion
      ? persona.characterVersion
        ? text('persona.show.byVersion', { creator, version: persona.characterVersion })
        : text('persona.show.by', { creator })
      : undefined,
    persona.tags.length ? text('persona.show.tags', { tags: persona.tags }) : undefined,
    persona.creatorNotes
      ? text('persona.show.creatorNotes', { notes: clip(persona.creatorNotes, NOTES_CHARS) })
      : undefined,
    lore
      ? off
        ? text('persona.show.loreOff', { count: lore, off })
        : text('persona.show.lore', { count: lore })
      : undefined,
    persona.examples.length ? text('persona.show.examples', { count: persona.examples.length }) : undefined,
    persona.systemPrompt
      ? text('persona.show.instructions', { text: clip(persona.systemPrompt, 200) })
      : undefined,
    persona.postHistoryInstructions || persona.depthPrompt
      ? text('persona.show.everyTurn', {
          text: clip([persona.postHistoryInstructions, persona.depthPrompt].filter(Boolean).join(' · '), 200),
        })
      : undefined,
    persona.avatarImage && !persona.avatarUrl ? text('persona.show.storedAvatar') : undefined,
  ].filter((line): line is Text => line !== undefined);
}

export function describePersona(persona: Persona, own: boolean, defaultModel: string): Text {
  const fields = [
    text('persona.show.header', {
      name: persona.name,
      id: persona.id,
      origin: text(own ? 'persona.show.own' : 'persona.show.shipped'),
    }),
    persona.aliases.length ? text('persona.show.aliases', { aliases: persona.aliases }) : undefined,
    persona.summary ? text('persona.show.summary', { summary: persona.summary }) : undefined,
    persona.greeting ? text('persona.show.greeting', { greeting: clip(persona.greeting, 300) }) : undefined,
    text('persona.show.talk', {
      talkativeness: persona.talkativeness,
      model: persona.model ?? text('persona.show.defaultModel', { model: defaultModel }),
    }),
    ...requestOptions(persona),
    ...cardFields(persona),
    text('persona.show.profile', { profile: clip(profileText(persona.profile), PROFILE_CHARS) }),
  ];
  return lines(...fields.filter((field): field is Text => field !== undefined));
}
