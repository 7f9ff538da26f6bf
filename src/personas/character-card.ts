// Imports a SillyTavern Character Card (V1 flat, V2 `chara_card_v2`, V3 `chara_card_v3`), from JSON, a
// PNG carrying it or a `.charx`, as a validated Troupe persona. Specs: malfoyslastname/character-card-
// spec-v2 and kwaroran/character-card-spec-v3. What maps where is commented below; what a card has that
// Troupe does not use is reported in `notes` for whoever imported it.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Persona } from '../core/persona.js';
import { text, type MessageKey, type Text } from '../core/text.js';
import {
  dataUriImage,
  embeddedAsset,
  MAX_CARD_JSON_BYTES,
  openCardContainer,
  CardReadError,
} from './card-container.js';
import { lorebookToLore } from './card-lorebook.js';
import {
  asteriskActionsToParentheses,
  detectCardLanguage,
  fillMacros,
  firstSentence,
  stripAuthorMarkup,
  type MacroContext,
} from './card-text.js';
import { describeIssues, problemAt } from './describe-issues.js';
import { CARD_TEXT_FIELDS, cardDataFromPersona, PERSONALITY_LABEL, TROUPE_EXTENSION } from './export-card.js';
import { PersonaFileError, parseJsonText, validatePersona } from './persona-file.js';

export { MAX_CARD_JSON_BYTES } from './card-container.js';

export type CardSpec = 'v1' | 'v2' | 'v3';

export interface ImportedCard {
  persona: Persona;
  spec: CardSpec;
  /** Sentences for whoever imported the card: what came over (the lorebook) and what did not. */
  notes: Text[];
  /** The card's picture (a PNG card's image, a `.charx` or data-URI icon), for the persona's avatar. */
  image?: Uint8Array;
}

export interface ImportCardOptions {
  /** Names the card in errors: a file path or an attachment's name. */
  source: string;
  /** The persona id; by default a slug of the card's name. */
  id?: string;
}

/** SillyTavern's own default when a card has no talkativeness. */
export const DEFAULT_CARD_TALKATIVENESS = 0.5;

const SUMMARY_MAX_CHARS = 200;

/** The guide's sentence that tells Qwen-Character how to mark actions; cards say nothing about it. */
const ACTIONS_STYLE =
  'You can use parentheses () to indicate actions, expressions, tones, psychological activities, and story backgrounds.';

const cardText = z
  .string()
  .nullish()
  .transform((value) => stripAuthorMarkup((value ?? '').replace(/\r\n?/g, '\n')));
const cardTextList = z
  .array(cardText)
  .nullish()
  .transform((list) => (list ?? []).filter((text) => text !== ''));

// Lenient where cards in the wild are sloppy (null for "", missing lists); strict only where a persona
// cannot exist without the field. Unknown keys pass: the spec requires preserving them, and we ignore them.
const cardDataSchema = z.looseObject({
  name: z
    .string()
    .trim()
    .min(1, 'problems.cardName' satisfies MessageKey)
    .max(80),
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
  creator_notes: cardText,
  creator: cardText,
  character_version: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? '' : String(v).trim())),
  tags: z
    .array(z.unknown())
    .nullish()
    .transform((list) => [
      ...new Set(
        (list ?? [])
          .filter((tag): tag is string => typeof tag === 'string')
          .map((tag) => tag.trim())
          .filter((tag) => tag !== ''),
      ),
    ]),
  extensions: z.record(z.string(), z.unknown()).nullish(),
  assets: z
    .array(z.looseObject({ type: z.string(), uri: z.string(), name: z.string().nullish() }))
    .nullish()
    .catch(undefined),
  /** V1 cards written by SillyTavern keep a top-level copy. */
  talkativeness: z.unknown().optional(),
});
type CardData = z.output<typeof cardDataSchema>;

/**
 * Imports a card from PNG, `.charx` or JSON bytes, or JSON text. Throws `PersonaFileError` naming the
 * problem: a damaged or cardless file, or the card field that is wrong.
 */
export function importCharacterCard(input: Uint8Array | string, options: ImportCardOptions): ImportedCard {
  const { source } = options;
  let container;
  try {
    container = typeof input === 'string' ? { json: input } : openCardContainer(input);
  } catch (error) {
    if (error instanceof CardReadError) throw new PersonaFileError(source, [error.reason]);
    throw error;
  }
  if (Buffer.byteLength(container.json, 'utf8') > MAX_CARD_JSON_BYTES) {
    throw new PersonaFileError(source, [
      text('problems.cardTooBig', {
        size: megabytes(Buffer.byteLength(container.json, 'utf8')),
        limit: megabytes(MAX_CARD_JSON_BYTES),
      }),
    ]);
  }
  const imported = cardToPersona(parseJsonText(container.json.replace(/^\uFEFF/, ''), source), options);
  const icon = imported.iconUri;
  const image = (icon && (embeddedAsset(container.files, icon) ?? dataUriImage(icon))) ?? container.image;
  return {
    persona: imported.persona,
    spec: imported.spec,
    notes: imported.notes,
    ...(image ? { image } : {}),
  };
}

/** Megabytes (MiB), as file sizes are shown: the catalogue formats the number ("9.1 MB"). */
export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}

/** Maps parsed card JSON (any spec) to a validated persona. */
export function cardToPersona(
  card: unknown,
  options: ImportCardOptions,
): Omit<ImportedCard, 'image'> & { iconUri?: string } {
  const { source } = options;
  const { spec, data, pathPrefix } = unwrapCard(card, source);
  const parsed = cardDataSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new PersonaFileError(source, describeIssues(parsed.error.issues, { pathPrefix: [...pathPrefix] }));
  }
  const fields = parsed.data;
  const at = (field: string) => [...pathPrefix, field];
  const own = troupePersona(data, fields, options);
  if (own)
    return { persona: own, spec, notes: [], ...(iconUri(fields) ? { iconUri: iconUri(fields)! } : {}) };

  // The V3 spec says `{{char}}` is the nickname when there is one: that is what the author wrote it for.
  const char = fields.nickname || fields.name;
  const context: MacroContext = {
    char,
    language: detectCardLanguage(
      [fields.description, fields.personality, fields.scenario, fields.first_mes].join('\n'),
    ),
  };
  const reader = (text: string) => fillMacros(text, context, 'reader');
  const spoken = (text: string) => asteriskActionsToParentheses(fillMacros(text, context, 'channel'));
  // What the model reads about the character marks actions as the profile asks it to (parentheses), or
  // it learns the card's asterisks from its own profile; `<START>` separators of example chats pasted
  // into a description become blank lines.
  const prose = (text: string) =>
    asteriskActionsToParentheses(
      reader(
        text
          .replace(/^[ \t]*<START>[ \t]*$/gimu, '')
          .replace(/\n{3,}/gu, '\n\n')
          .trim(),
      ),
    );

  // `description` is the card's main text (who the character is): the guide's "character details".
  // `personality` is usually a short trait list: the guide's "other descriptions".
  const description = prose(fields.description);
  const personality = prose(fields.personality);
  const scenario = prose(fields.scenario);
  const examples = exampleBlocks(fields.mes_example, context);
  const book = lorebookToLore(fields.character_book, (text) => prose(stripAuthorMarkup(text)));
  const greeting = fields.first_mes ? spoken(fields.first_mes) : undefined;
  const systemPrompt = reader(fields.system_prompt);
  const postHistoryInstructions = reader(fields.post_history_instructions);
  const depthPrompt = reader(stripAuthorMarkup(depthPromptText(fields)));
  const hasContent = [scenario, greeting, systemPrompt, ...examples].some(Boolean) || book.lore.length > 0;
  if (!description && !personality && !hasContent) {
    throw new PersonaFileError(source, [problemAt(at('description'), text('problems.card.empty'))]);
  }
  // Without a description the scenario, greeting and lore carry the character; the profile still needs
  // to say who the model is.
  const details = description || personality || `You are ${char}.`;
  // Troupe scenes are always group chats, so V3's group-only greetings are as good as the others.
  const alternateGreetings = [
    ...new Set([...fields.alternate_greetings, ...fields.group_only_greetings].map(spoken)),
  ].filter((text) => text !== '' && text !== greeting);

  const persona = validatePersona(
    {
      id: options.id ?? cardPersonaId(fields.name),
      name: fields.name,
      aliases:
        fields.nickname && fields.nickname.toLowerCase() !== fields.name.toLowerCase()
          ? [fields.nickname]
          : [],
      avatarUrl: httpsIconUrl(fields),
      summary: firstSentence(description, SUMMARY_MAX_CHARS),
      profile: {
        details,
        description: description && personality ? `${PERSONALITY_LABEL}${personality}` : undefined,
        scenario: scenario || undefined,
        style: ACTIONS_STYLE,
      },
      greeting,
      alternateGreetings,
      talkativeness: cardTalkativeness(fields),
      lore: book.lore,
      examples,
      systemPrompt: systemPrompt || undefined,
      postHistoryInstructions: postHistoryInstructions || undefined,
      depthPrompt: depthPrompt || undefined,
      creator: fields.creator || undefined,
      creatorNotes: fields.creator_notes || undefined,
      tags: fields.tags,
      characterVersion: fields.character_version || undefined,
    },
    { source },
  );
  const icon = iconUri(fields);
  return {
    persona,
    spec,
    notes: [...book.notes, ...unusedNotes(fields)],
    ...(icon ? { iconUri: icon } : {}),
  };
}

/**
 * A card Troupe exported carries the persona in `extensions.troupe`. When the card's own fields are
 * still what that persona exports to (nobody edited the card elsewhere), that persona is the import:
 * export then import gives the same persona, structured profile, model and all. An edited card is read
 * from its fields like any other.
 */
function troupePersona(data: unknown, fields: CardData, options: ImportCardOptions): Persona | undefined {
  const extension = fields.extensions?.[TROUPE_EXTENSION];
  if (!isRecord(extension) || !isRecord(extension.persona)) return undefined;
  let persona: Persona;
  try {
    persona = validatePersona(
      { ...extension.persona, ...(options.id ? { id: options.id } : {}) },
      { source: options.source },
    );
  } catch {
    return undefined;
  }
  const exported = cardDataFromPersona(persona);
  const card = data as Record<string, unknown>;
  const same = CARD_TEXT_FIELDS.every((field) =>
    isDeepStrictEqual(normalised(card[field]), normalised(exported[field])),
  );
  return same ? persona : undefined;
}

/** Card fields compare as JSON, with absent, null and empty alike. */
function normalised(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * `mes_example` → example dialogue blocks: split at `<START>` (SillyTavern's scene separator), macros
 * filled with `{{user}}` as a speaker's name ("User: hi"), asterisk actions as parentheses like the
 * persona's own lines.
 */
function exampleBlocks(text: string, context: MacroContext): string[] {
  return text
    .split(/<START>/iu)
    .map((block) => asteriskActionsToParentheses(fillMacros(block, context, 'speaker')).trim())
    .filter((block) => block !== '');
}

/** SillyTavern's "Character's Note": `extensions.depth_prompt.prompt`. */
function depthPromptText(fields: CardData): string {
  const depthPrompt = fields.extensions?.depth_prompt;
  return isRecord(depthPrompt) && typeof depthPrompt.prompt === 'string' ? depthPrompt.prompt : '';
}

/** Whether parsed JSON is a character card rather than a persona file. */
export function looksLikeCard(data: unknown): boolean {
  if (!isRecord(data)) return false;
  return typeof data.spec === 'string' || 'first_mes' in data || 'char_name' in data;
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
  if (!isRecord(card)) throw new PersonaFileError(source, [problemAt([], text('problems.card.notCard'))]);
  if (card.spec === 'chara_card_v3' || card.spec === 'chara_card_v2') {
    if (!isRecord(card.data))
      throw new PersonaFileError(source, [problemAt(['data'], text('problems.card.noData'))]);
    return { spec: card.spec === 'chara_card_v3' ? 'v3' : 'v2', data: card.data, pathPrefix: ['data'] };
  }
  if (card.spec !== undefined) {
    throw new PersonaFileError(source, [
      problemAt(['spec'], text('problems.card.spec', { spec: JSON.stringify(card.spec) })),
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

function cardTalkativeness(fields: CardData): number {
  // SillyTavern stores it as a string ("0.5") as often as a number; anything unreadable means the default.
  const raw = fields.extensions?.talkativeness ?? fields.talkativeness;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : DEFAULT_CARD_TALKATIVENESS;
}

/** The V3 `icon` asset's URI: the one named `main`, else the first. */
function iconUri(fields: CardData): string | undefined {
  const icons = (fields.assets ?? []).filter((asset) => asset.type === 'icon');
  return (icons.find((asset) => asset.name === 'main') ?? icons[0])?.uri;
}

/** An icon at an https address is the avatar as it is; embedded ones are stored and served by Troupe. */
function httpsIconUrl(fields: CardData): string | undefined {
  const uri = iconUri(fields);
  return uri && /^https:\/\//iu.test(uri) && URL.canParse(uri) ? uri : undefined;
}

/** What a card may have that Troupe leaves out, said once each. */
function unusedNotes(fields: CardData): Text[] {
  const notes: Text[] = [];
  const depthPrompt = fields.extensions?.depth_prompt;
  if (
    isRecord(depthPrompt) &&
    depthPrompt.prompt &&
    depthPrompt.depth !== undefined &&
    Number(depthPrompt.depth) !== 1
  ) {
    notes.push(text('cardNotes.depthPrompt'));
  }
  const others = (fields.assets ?? []).filter((asset) => asset.type !== 'icon').length;
  if (others > 0) notes.push(text('cardNotes.assets', { n: others }));
  const cbs = /\{\{(?!\s*(?:char|user|original|\/\/)\s*\}\})[^}]+\}\}/iu;
  const texts = [
    fields.description,
    fields.personality,
    fields.scenario,
    fields.first_mes,
    fields.mes_example,
  ];
  if (texts.some((text) => cbs.test(text))) {
    notes.push(text('cardNotes.macros', { known: ['{{char}}', '{{user}}'], example: '{{random:…}}' }));
  }
  if (fields.extensions?.regex_scripts) notes.push(text('cardNotes.regexScripts'));
  return notes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
