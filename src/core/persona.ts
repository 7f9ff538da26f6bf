// A persona: one AI character. The schema is the single definition of a persona file; loaders (files,
// Redis, character cards) all validate through it, so a persona in memory is always complete.
import { z } from 'zod';
import type { MessageKey } from './text.js';
import {
  DEFAULT_MEMORY_ENTRIES,
  MAX_MEMORY_ENTRIES,
  MEMORY_SKIP_TYPES,
  MIN_MEMORY_ENTRIES,
} from './channel-settings.js';

export const PERSONA_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const nonEmpty = z.string().trim().min(1);

/** The profile the guide describes, as structured fields or as one free text. */
export const profileSchema = z.union([
  nonEmpty,
  z
    .strictObject({
      /** Name, age, personality, occupation, biography, relationships. */
      details: nonEmpty,
      /** Experiences and interests, tags and descriptions. */
      description: z.string().trim().optional(),
      /** The background of the scenario and the relationships between characters. */
      scenario: z.string().trim().optional(),
      /** Speaking style and reply length, actions and expressions. */
      style: z.string().trim().optional(),
    })
    .describe('structured profile'),
]);

export const generationSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  /** Upper bound on one reply, in tokens. */
  maxReplyTokens: z.number().int().min(1).max(8192).optional(),
});

export const memorySchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** The API's range and default. */
  entries: z.number().int().min(MIN_MEMORY_ENTRIES).max(MAX_MEMORY_ENTRIES).default(DEFAULT_MEMORY_ENTRIES),
  skipSaveTypes: z.array(z.enum(MEMORY_SKIP_TYPES)).default([]),
});

export const webSearchSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Passed through as `search_options`. */
  options: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A persona file's (or card's) lore entry may be this long; a server's or channel's (`/lore add`) has
 * lore-admin.ts's MAX_LORE_TEXT_CHARS. Kept whole (character-card lorebooks often run to a few
 * thousand characters); the per-turn lore budget still bounds what one turn carries: `selectLore` takes
 * the leading paragraphs of an entry that does not fit whole.
 */
export const MAX_PERSONA_LORE_TEXT_CHARS = 20_000;

/**
 * How secondary keys combine with the keys (SillyTavern's `selectiveLogic`): the entry needs a key AND
 * any / all of the secondary keys, or a key and NOT any / NOT all of them.
 */
export const SELECTIVE_LOGICS = ['andAny', 'notAll', 'notAny', 'andAll'] as const;
export type SelectiveLogic = (typeof SELECTIVE_LOGICS)[number];

/** A keyword-triggered lore entry of the persona itself (server and channel entries live in Redis). */
export const personaLoreSchema = z.strictObject({
  /**
   * Any of these in the recent lines triggers it: whole words for Latin (any case), substrings for CJK.
   * An entry with no keys is on every turn when `constant`, and otherwise never (kept, as a card had it).
   */
  keys: z.array(nonEmpty),
  text: nonEmpty.max(MAX_PERSONA_LORE_TEXT_CHARS),
  /** Higher first when the lore budget cannot hold every match. @defaultValue 0 */
  priority: z.number().int().min(-100).max(100).optional(),
  /** A name for people (a card entry's `name` or `comment`); never sent to the model. */
  name: z.string().trim().optional(),
  /** Checked after a key matched, by `selectiveLogic` (a card's selective entry). */
  secondaryKeys: z.array(nonEmpty).optional(),
  /** @defaultValue 'andAny' */
  selectiveLogic: z.enum(SELECTIVE_LOGICS).optional(),
  /** On every turn, keys or not (within the budget, before triggered entries). */
  constant: z.boolean().optional(),
  /** `false`: kept but never used. @defaultValue true */
  enabled: z.boolean().optional(),
  /** Where it goes among the chosen entries: lower earlier (a card's `insertion_order`). */
  order: z.number().int().optional(),
  /** Keys match only in the case written. @defaultValue false */
  caseSensitive: z.boolean().optional(),
});
export type PersonaLore = z.output<typeof personaLoreSchema>;

export const personaSchema = z.strictObject({
  /** Slug; for a file, its name without the extension. */
  // Custom messages are catalogue keys: describe-issues.ts words them in the reader's language.
  id: z.string().regex(PERSONA_ID_PATTERN, 'problems.slug' satisfies MessageKey),
  /** The display name, used in `Name: text` lines and as the webhook username. */
  name: nonEmpty.max(80),
  /** Other names people call it by, in any script. */
  aliases: z.array(nonEmpty).default([]),
  avatarUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** A one-line description shown to the other personas in the roster. */
  summary: z.string().trim().max(300).optional(),
  profile: profileSchema,
  /** The opening line, posted when the persona joins an empty scene. */
  greeting: z.string().trim().optional(),
  alternateGreetings: z.array(nonEmpty).default([]),
  model: nonEmpty.optional(),
  /** 0–1: how readily it speaks when nobody addressed anyone. */
  talkativeness: z.number().min(0).max(1).default(0.5),
  generation: generationSchema.default({}),
  /** Ban parentheses (stage actions) through the guide's logit_bias token ids. */
  noActions: z.boolean().default(false),
  /** Token id → bias in [-100, 100]. */
  logitBias: z
    .record(
      z.string().regex(/^\d+$/, 'problems.tokenIds' satisfies MessageKey),
      z.number().min(-100).max(100),
    )
    .default({}),
  memory: memorySchema.default({ enabled: false, entries: DEFAULT_MEMORY_ENTRIES, skipSaveTypes: [] }),
  /** Let the model perceive the current date and time. */
  realtime: z.boolean().default(false),
  /** Knowledge base ids (`character_options.vector_store_ids`), at most 10. */
  knowledgeBaseIds: z.array(nonEmpty).max(10).default([]),
  webSearch: webSearchSchema.default({ enabled: false }),
  /** Name of an environment variable holding this persona's own Discord bot token (never the token). */
  botTokenEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
  /** Said in character when the model's moderation rejects a turn; silent when absent. */
  moderationLine: z.string().trim().optional(),
  /** Lore only this persona knows, added to its turns when a key comes up. */
  lore: z.array(personaLoreSchema).default([]),
  /**
   * Example dialogue, one block per scene (`Name: text` lines), shown to the model in the system message
   * as a reference for voice and style (a card's `mes_example`).
   */
  examples: z.array(nonEmpty).default([]),
  /** The author's instructions for the whole conversation, part of the system message (a card's `system_prompt`). */
  systemPrompt: z.string().trim().optional(),
  /** Re-read every turn, in the supplementary system message before the last line (`post_history_instructions`). */
  postHistoryInstructions: z.string().trim().optional(),
  /** The same, from a card's "Character's Note" (`extensions.depth_prompt`). */
  depthPrompt: z.string().trim().optional(),
  /** An image Troupe stores and serves at PUBLIC_URL (its content hash); used when there is no `avatarUrl`. */
  avatarImage: z
    .string()
    .regex(/^[a-f0-9]{32}$/, 'problems.avatarId' satisfies MessageKey)
    .optional(),
  /** Who made it, for people only (never sent to the model). */
  creator: z.string().trim().optional(),
  /** The author's notes to people (a card's `creator_notes`): shown by /persona show, never sent to the model. */
  creatorNotes: z.string().trim().optional(),
  tags: z.array(nonEmpty).default([]),
  /** The author's version of the character. */
  characterVersion: z.string().trim().optional(),
});

export type Persona = z.output<typeof personaSchema>;
export type PersonaInput = z.input<typeof personaSchema>;
export type Profile = z.output<typeof profileSchema>;

/** The profile as one system-message text (the guide's four parts, in its order). */
export function profileText(profile: Profile): string {
  if (typeof profile === 'string') return profile;
  return [profile.details, profile.description, profile.scenario, profile.style]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
}

/** Heads the example dialogue in the system message; the blocks follow, a blank line apart. */
function examplesHeading(name: string): string {
  return `Examples of how ${name} speaks (earlier scenes, not part of this conversation):`;
}

/**
 * What the system message says about the persona itself: the profile, then the author's instructions
 * (`systemPrompt`), then the example dialogue. All of it is fixed per persona, so the session prefix
 * stays byte-identical from turn to turn.
 */
export function characterText(
  persona: Pick<Persona, 'name' | 'profile' | 'systemPrompt' | 'examples'>,
): string {
  const parts = [profileText(persona.profile).trim()];
  if (persona.systemPrompt) parts.push(persona.systemPrompt);
  if (persona.examples.length > 0) {
    parts.push([examplesHeading(persona.name), persona.examples.join('\n\n')].join('\n'));
  }
  return parts.join('\n\n');
}

/** Every name a persona answers to: its display name first, then its aliases. */
export function personaNames(persona: Pick<Persona, 'name' | 'aliases'>): string[] {
  return [persona.name, ...persona.aliases];
}

/** The persona a typed query means: its id, else its display name, else an alias (case-insensitive). */
export function matchPersona<P extends Pick<Persona, 'id' | 'name' | 'aliases'>>(
  personas: readonly P[],
  query: string,
): P | undefined {
  const q = query.trim().toLocaleLowerCase();
  return (
    personas.find((p) => p.id === q) ??
    personas.find((p) => p.name.toLocaleLowerCase() === q) ??
    personas.find((p) => p.aliases.some((a) => a.toLocaleLowerCase() === q))
  );
}
