// A persona as a character card: V3 (`chara_card_v3`) whose data keeps every V2 field, so SillyTavern,
// RisuAI and the card sites read it; as JSON, or inside a PNG with both a `ccv3` and a `chara` chunk
// (V3 says apps may backfill V2 there). What a card has no field for (a structured profile, the model,
// generation options, aliases beyond the nickname…) rides in `extensions.troupe`, the spec's namespaced
// extension, so importing the card back gives the same persona.
import { profileText, type Persona, type PersonaLore } from '../core/persona.js';
import { personaFields } from './export-persona.js';
import { insertPngTextChunks } from './png-text-chunks.js';

/** The namespace of Troupe's own data in a card's `extensions`. */
export const TROUPE_EXTENSION = 'troupe';

/** What Troupe puts into `extensions.troupe`. */
export interface TroupeCardExtension {
  /** The persona file's fields (as `/persona export format:json` writes them). */
  persona: Record<string, unknown>;
}

/** SillyTavern's numbers for `selectiveLogic`. */
const LOGIC_NUMBER = { andAny: 0, notAll: 1, notAny: 2, andAll: 3 } as const;

/** What SillyTavern puts in `depth_prompt` when a card has a Character's Note. */
const DEPTH_PROMPT_DEPTH = 4;

/** The card fields a person (or another app) edits; the import compares them with `extensions.troupe`. */
export const CARD_TEXT_FIELDS = [
  'name',
  'description',
  'personality',
  'scenario',
  'first_mes',
  'mes_example',
  'alternate_greetings',
  'system_prompt',
  'post_history_instructions',
  'creator_notes',
  'tags',
  'creator',
  'character_version',
  'character_book',
] as const;

/** The label the import puts before a card's personality in a structured profile. */
export const PERSONALITY_LABEL = 'Personality: ';

/** The card's `data` for `persona` (V3 fields, which include V2's). */
export function cardDataFromPersona(persona: Persona): Record<string, unknown> {
  const profile = persona.profile;
  const structured = typeof profile === 'string' ? undefined : profile;
  const personality = structured?.description ?? '';
  return {
    name: persona.name,
    description: structured ? structured.details : profileText(profile),
    personality: personality.startsWith(PERSONALITY_LABEL)
      ? personality.slice(PERSONALITY_LABEL.length)
      : personality,
    scenario: structured?.scenario ?? '',
    first_mes: persona.greeting ?? '',
    mes_example: persona.examples.map((block) => `<START>\n${block}`).join('\n'),
    creator_notes: persona.creatorNotes ?? '',
    system_prompt: persona.systemPrompt ?? '',
    post_history_instructions: persona.postHistoryInstructions ?? '',
    alternate_greetings: persona.alternateGreetings,
    tags: persona.tags,
    creator: persona.creator ?? '',
    character_version: persona.characterVersion ?? '',
    ...(persona.lore.length > 0 ? { character_book: lorebook(persona.lore) } : {}),
    ...(persona.aliases[0] ? { nickname: persona.aliases[0] } : {}),
    group_only_greetings: [],
    ...(persona.avatarUrl
      ? {
          assets: [
            { type: 'icon', uri: persona.avatarUrl, name: 'main', ext: extensionOf(persona.avatarUrl) },
          ],
        }
      : {}),
    extensions: {
      talkativeness: persona.talkativeness,
      ...(persona.depthPrompt
        ? { depth_prompt: { prompt: persona.depthPrompt, depth: DEPTH_PROMPT_DEPTH, role: 'system' } }
        : {}),
      [TROUPE_EXTENSION]: { persona: personaFields(persona) } satisfies TroupeCardExtension,
    },
  };
}

function lorebook(lore: readonly PersonaLore[]): Record<string, unknown> {
  return {
    extensions: {},
    entries: lore.map((entry, index) => ({
      id: index + 1,
      keys: entry.keys,
      content: entry.text,
      extensions: entry.selectiveLogic ? { selectiveLogic: LOGIC_NUMBER[entry.selectiveLogic] } : {},
      enabled: entry.enabled ?? true,
      insertion_order: entry.order ?? index,
      case_sensitive: entry.caseSensitive ?? false,
      ...(entry.name ? { name: entry.name, comment: entry.name } : {}),
      ...(entry.priority === undefined ? {} : { priority: entry.priority }),
      selective: (entry.secondaryKeys?.length ?? 0) > 0,
      secondary_keys: entry.secondaryKeys ?? [],
      constant: entry.constant ?? false,
      use_regex: false,
    })),
  };
}

/** A V3 card as JSON text. */
export function exportCardJson(persona: Persona): string {
  return `${JSON.stringify({ spec: 'chara_card_v3', spec_version: '3.0', data: cardDataFromPersona(persona) }, null, 2)}\n`;
}

/**
 * `image` (a PNG) with the card in it: `ccv3` (the V3 card) and `chara` (the same data as a V2 card, for
 * apps that read only V2), both base64 of UTF-8 JSON as the specs say. Chunks of an older card in the
 * image are replaced.
 */
export function exportCardPng(persona: Persona, image: Uint8Array): Uint8Array {
  const data = cardDataFromPersona(persona);
  const base64 = (card: unknown) => Buffer.from(JSON.stringify(card), 'utf8').toString('base64');
  return insertPngTextChunks(image, {
    chara: base64({ spec: 'chara_card_v2', spec_version: '2.0', data }),
    ccv3: base64({ spec: 'chara_card_v3', spec_version: '3.0', data }),
  });
}

function extensionOf(url: string): string {
  return /\.([a-z0-9]{2,4})(?:[?#]|$)/iu.exec(url)?.[1]?.toLowerCase() ?? 'png';
}
