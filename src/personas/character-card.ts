// Imports a SillyTavern Character Card (V1 flat, V2 `chara_card_v2`, V3 `chara_card_v3`), from JSON text
// or from a PNG carrying it, as a validated Troupe persona. Specs: malfoyslastname/character-card-spec-v2
// and kwaroran/character-card-spec-v3; what maps where, and what is left out and why, is commented below.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Persona } from '../core/persona.js';
import { asteriskActionsToParentheses, fillMacros, firstSentence } from './card-text.js';
import { describeIssues } from './describe-issues.js';
import { PersonaFileError, parseJsonText, validatePersona } from './persona-file.js';
import { isPng, readPngTextChunks } from './png-text-chunks.js';

export type CardSpec = 'v1' | 'v2' | 'v3';

export interface ImportedCard {
  persona: Persona;
  spec: CardSpec;
  /** Card fields that had content Troupe does not use, to tell whoever imported the card. */
  ignoredFields: string[];
}

export interface ImportCardOptions {
  /** Names the card in errors: a file path or an attachment's name. */
  source: string;
  /** The persona id; by default a slug of the card's name. */
  id?: string;
}

/** Card JSON past this is refused; lorebooks make cards large, but not this large. */
export const MAX_CARD_JSON_BYTES = 2 * 1024 * 1024;

/** SillyTavern's own default when a card has no talkativeness. */
export const DEFAULT_CARD_TALKATIVENESS = 0.5;

const SUMMARY_MAX_CHARS = 200;

/** The guide's sentence that tells Qwen-Character how to mark actions; cards say nothing about it. */
const ACTIONS_STYLE =
  'You can use parentheses () to indicate actions, expressions, tones, psychological activities, and story backgrounds.';

const cardText = z
  .string()
  .nullish()
  .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').trim());
const cardTextList = z
  .array(cardText)
  .nullish()
  .transform((list) => (list ?? []).filter((text) => text !== ''));

// Lenient where cards in the wild are sloppy (null for "", missing lists); strict only where a persona
// cannot exist without the field. Unknown keys pass: the spec requires preserving them, and we ignore them.
const cardDataSchema = z.looseObject({
  name: z.string().trim().min(1, 'a card needs a name').max(80),
  nickname: cardText,
  description: cardText,
  personality: cardText,
  scenario: cardText,
  first_mes: cardText,
  mes_example: cardText,
  alternate_greetings: cardTextList,
  group_only_greetings: cardTextList,
  system_prompt: cardText,
  post_history_instructions: cardText,
  character_book: z.unknown().optional(),
  extensions: z.record(z.string(), z.unknown()).nullish(),
  assets: z
    .array(z.looseObject({ type: z.string(), uri: z.string(), name: z.string().optional() }))
    .nullish()
    .catch(undefined),
  /** V1 cards written by SillyTavern keep a top-level copy. */
  talkativeness: z.unknown().optional(),
});
type CardData = z.output<typeof cardDataSchema>;

/** Imports a card from PNG bytes, JSON bytes or JSON text. Throws `PersonaFileError` naming the field. */
export function importCharacterCard(input: Uint8Array | string, options: ImportCardOptions): ImportedCard {
  const { source } = options;
  const json =
    typeof input === 'string' ? input : isPng(input) ? cardJsonFromPng(input, source) : utf8(input, source);
  if (Buffer.byteLength(json, 'utf8') > MAX_CARD_JSON_BYTES) {
    throw new PersonaFileError(source, [`(file): card JSON larger than ${MAX_CARD_JSON_BYTES} bytes`]);
  }
  return cardToPersona(parseJsonText(json.replace(/^\uFEFF/, ''), source), options);
}

/** Maps parsed card JSON (any spec) to a validated persona. */
export function cardToPersona(card: unknown, options: ImportCardOptions): ImportedCard {
  const { source } = options;
  const { spec, data, pathPrefix } = unwrapCard(card, source);
  const parsed = cardDataSchema.safeParse(data);
  if (!parsed.success) {
    throw new PersonaFileError(source, describeIssues(parsed.error.issues, { pathPrefix: [...pathPrefix] }));
  }
  const fields = parsed.data;
  const at = (field: string) => [...pathPrefix, field].join('.');

  // The V3 spec says `{{char}}` is the nickname when there is one: that is what the author wrote it for.
  const char = fields.nickname || fields.name;
  const inProfile = (text: string) => fillMacros(text, char, 'the user');
  const spoken = (text: string) => asteriskActionsToParentheses(fillMacros(text, char, 'you'));

  // `description` is the card's main text (who the character is): the guide's "character details".
  // `personality` is usually a short trait list: the guide's "other descriptions".
  const description = inProfile(fields.description);
  const personality = inProfile(fields.personality);
  const details = description || personality;
  if (!details) {
    throw new PersonaFileError(source, [`${at('description')}: a card needs a description or a personality`]);
  }
  const greeting = fields.first_mes ? spoken(fields.first_mes) : undefined;
  // Troupe scenes are always group chats, so V3's group-only greetings are as good as the others.
  const alternateGreetings = [
    ...new Set([...fields.alternate_greetings, ...fields.group_only_greetings].map(spoken)),
  ].filter((text) => text !== greeting);

  const persona = validatePersona(
    {
      id: options.id ?? cardPersonaId(fields.name),
      name: fields.name,
      aliases:
        fields.nickname && fields.nickname.toLowerCase() !== fields.name.toLowerCase()
          ? [fields.nickname]
          : [],
      avatarUrl: iconUrl(fields),
      summary: firstSentence(description, SUMMARY_MAX_CHARS),
      profile: {
        details,
        description: description && personality ? `Personality: ${personality}` : undefined,
        scenario: inProfile(fields.scenario) || undefined,
        style: ACTIONS_STYLE,
      },
      greeting,
      alternateGreetings,
      talkativeness: cardTalkativeness(fields),
    },
    { source },
  );
  return { persona, spec, ignoredFields: ignoredFields(fields).map(at) };
}

/** A slug of the name; names with no Latin letters or digits get a stable `persona-<hash>`. */
export function cardPersonaId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: "Zoë" → "zoe", the one transliteration we get for free
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || `persona-${createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 8)}`;
}

function unwrapCard(card: unknown, source: string): { spec: CardSpec; data: unknown; pathPrefix: string[] } {
  if (!isRecord(card))
    throw new PersonaFileError(source, ['(top level): expected a character card (a JSON object)']);
  if (card.spec === 'chara_card_v3' || card.spec === 'chara_card_v2') {
    if (!isRecord(card.data))
      throw new PersonaFileError(source, ['data: expected the card fields (an object)']);
    return { spec: card.spec === 'chara_card_v3' ? 'v3' : 'v2', data: card.data, pathPrefix: ['data'] };
  }
  if (card.spec !== undefined) {
    throw new PersonaFileError(source, [
      `spec: unsupported card spec ${JSON.stringify(card.spec)}; expected chara_card_v2 or chara_card_v3`,
    ]);
  }
  // V1 is flat. Older TavernAI/Pygmalion exports used other names for the same fields.
  const legacy: Record<string, string> = {
    name: 'char_name',
    description: 'char_persona',
    scenario: 'world_scenario',
    first_mes: 'char_greeting',
    mes_example: 'example_dialogue',
  };
  const data: Record<string, unknown> = { ...card };
  for (const [field, old] of Object.entries(legacy)) if (data[field] === undefined) data[field] = card[old];
  return { spec: 'v1', data, pathPrefix: [] };
}

function cardJsonFromPng(png: Uint8Array, source: string): string {
  let chunks;
  try {
    chunks = readPngTextChunks(png);
  } catch (error) {
    throw new PersonaFileError(source, [`(png): ${(error as Error).message}`]);
  }
  // V3 says `ccv3` wins over `chara` when both exist; SillyTavern compares keywords case-insensitively.
  const find = (keyword: string) => chunks.find((chunk) => chunk.keyword.toLowerCase() === keyword);
  const chunk = find('ccv3') ?? find('chara');
  if (!chunk)
    throw new PersonaFileError(source, ['(png): no "ccv3" or "chara" tEXt chunk; not a character card']);
  const text = chunk.text.trim();
  // Base64 of UTF-8 JSON per the specs; a few tools store the JSON itself, which is harmless to accept.
  return text.startsWith('{')
    ? Buffer.from(text, 'latin1').toString('utf8')
    : Buffer.from(text, 'base64').toString('utf8');
}

function cardTalkativeness(fields: CardData): number {
  // SillyTavern stores it as a string ("0.5") as often as a number; anything unreadable means the default.
  const raw = fields.extensions?.talkativeness ?? fields.talkativeness;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : DEFAULT_CARD_TALKATIVENESS;
}

/** A V3 `icon` asset at an https address; embedded and `ccdefault:` icons are images we cannot host. */
function iconUrl(fields: CardData): string | undefined {
  const icons = (fields.assets ?? []).filter(
    (asset) => asset.type === 'icon' && /^https:\/\//i.test(asset.uri),
  );
  const icon = icons.find((asset) => asset.name === 'main') ?? icons[0];
  return icon && URL.canParse(icon.uri) ? icon.uri : undefined;
}

/**
 * Card fields with content that does not become part of the persona:
 * - `mes_example`: the persona's own lines already appear in the group-chat history as `Name: text`;
 *   examples in the fixed system message would never be pruned (the spec says they should be once the
 *   conversation fills the context), and their `{{user}}:` lines read as a second conversation with
 *   someone who is not in the channel.
 * - `system_prompt`, `post_history_instructions`: Troupe builds its own prompt in the guide's format.
 * - `character_book`: no World Info yet.
 * - `extensions.depth_prompt` (the "Character's Note"): injected at a depth of the chat history, which
 *   would break the cache-friendly fixed prefix the guide recommends.
 * (`creator_notes`, `tags`, `creator` and `character_version` must never reach a prompt, per the spec.)
 */
function ignoredFields(fields: CardData): string[] {
  const depthPrompt = fields.extensions?.depth_prompt;
  const ignored: Array<[string, boolean]> = [
    ['mes_example', fields.mes_example !== ''],
    ['system_prompt', fields.system_prompt !== ''],
    ['post_history_instructions', fields.post_history_instructions !== ''],
    ['character_book', fields.character_book !== undefined && fields.character_book !== null],
    [
      'extensions.depth_prompt',
      isRecord(depthPrompt) && typeof depthPrompt.prompt === 'string' && depthPrompt.prompt.trim() !== '',
    ],
  ];
  return ignored.filter(([, present]) => present).map(([field]) => field);
}

function utf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PersonaFileError(source, ['(file): neither a PNG nor UTF-8 JSON text']);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
