// A channel's settings: who is in the cast and how turns are taken. Stored per channel; every field has
// a default so a channel nobody configured still works.
import type { ScenePresence } from './scene-presence.js';

/** `model`: the model proposes who speaks next where natural would choose (turn/choose-speaker.ts). */
export const STRATEGIES = ['natural', 'round-robin', 'pooled', 'random', 'manual', 'model'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Who may ask for another version of the last persona message (`/regenerate`, `/alternatives`). */
export const RETAKE_ACCESS = ['admins', 'everyone'] as const;
export type RetakeAccess = (typeof RETAKE_ACCESS)[number];

export interface SilenceSettings {
  enabled: boolean;
  /** Quiet time before a persona speaks up on its own, ms (jittered by the scheduler). */
  afterMs: number;
  /** Unanswered nudges in a row before the personas stop speaking up; a person's line resets it. */
  maxNudges: number;
}

/** Message types long-term memory does not store (the API's `skip_save_types`). */
export const MEMORY_SKIP_TYPES = ['system', 'user', 'assistant', 'output'] as const;
export type MemorySkipType = (typeof MEMORY_SKIP_TYPES)[number];

/** The API's range and default for `memory_entries`: unsummarised messages that trigger a summary. */
export const MIN_MEMORY_ENTRIES = 20;
export const MAX_MEMORY_ENTRIES = 400;
export const DEFAULT_MEMORY_ENTRIES = 200;

/** Long-term memory for every persona of a channel (`/memory on|off`); overrides the persona files. */
export interface ChannelMemorySettings {
  enabled: boolean;
  /** MIN_MEMORY_ENTRIES–MAX_MEMORY_ENTRIES: unsummarised messages that trigger a summary (`memory_entries`). */
  entries: number;
  skipSaveTypes: MemorySkipType[];
}

export interface ChannelSettings {
  /** The server the channel belongs to (its own personas are available to it); none in the playground. */
  guildId?: string;
  /** Persona ids playing in this channel, in the order they joined. */
  cast: string[];
  /** Persona ids that speak only when addressed or forced. */
  muted: string[];
  strategy: Strategy;
  /** Nobody speaks on their own while paused (forced turns still run). */
  paused: boolean;
  silence: SilenceSettings;
  /** Persona turns in a row without a person before the personas stop (the loop cap). */
  maxBotTurns: number;
  /** Minimum gap between two persona turns, ms. */
  minPersonaGapMs: number;
  /** The scene note: supplementary information for every turn. */
  scene?: string;
  /** Let other bots' messages in (they count toward the loop cap). */
  allowBots: boolean;
  /** Let persona text ping users (never @everyone/@here). */
  allowUserPings: boolean;
  /** Long-term memory set for the channel; absent: each persona's file decides. */
  memory?: ChannelMemorySettings;
  /**
   * Which lines each persona saw (scene-presence.ts): set when one is cast mid-scene or leaves. A
   * persona without an entry saw everything.
   */
  presence?: ScenePresence;
  /** Who may `/regenerate` and `/alternatives` here: admins, or every member (with a cooldown each). */
  regenerate: RetakeAccess;
}

export const DEFAULT_SETTINGS: Readonly<ChannelSettings> = Object.freeze({
  cast: [],
  muted: [],
  strategy: 'natural',
  paused: false,
  silence: { enabled: true, afterMs: 90_000, maxNudges: 2 },
  maxBotTurns: 3,
  minPersonaGapMs: 2_000,
  allowBots: false,
  allowUserPings: false,
  regenerate: 'admins',
});

/** Fills every missing field (also nested ones) from the defaults. */
export function withDefaults(partial: Partial<ChannelSettings> | undefined): ChannelSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...partial,
    cast: [...(partial?.cast ?? DEFAULT_SETTINGS.cast)],
    muted: [...(partial?.muted ?? DEFAULT_SETTINGS.muted)],
    silence: { ...DEFAULT_SETTINGS.silence, ...partial?.silence },
  };
}
