// Composes the simulator's in-character reply. Deterministic: the text is a function of the scene, the
// seed and the choice index. Picks come from one index over all (opener, closing, reaction, action)
// combinations, so the `n` choices of a request — and seeds closer together than the number of
// combinations (several hundred) — always give different texts.
import { seededRandom } from '../../core/random.js';
import { PARENTHESIS_TOKEN_IDS } from '../../core/turn/chat-request.js';
import { INTERJECTIONS, PHRASES, PHRASES_ZH } from './phrases.js';
import type { Scene } from './read-scene.js';
import { qwenTokenCounter } from '../qwen-tokens.js';

/** The guide's token ids that spell parentheses (one list, in the core); all at -100 bans stage actions. */
export { PARENTHESIS_TOKEN_IDS };

/** Replies stay short, like a chat line. */
export const MAX_REPLY_CHARS = 200;
const MAX_CUE_CHARS = 24;
const CHOICE_STRIDE = 97;

export interface Quirks {
  /** 0–1: how often the reply starts with the speaker's own `Name:` (reply cleaning must strip it). */
  echoPrefixRate?: number;
  /** 0–1: how often the reply runs on into another speaker's line (`\nOther: …`). */
  otherSpeakerRate?: number;
}

export interface ComposeInput {
  scene: Scene;
  /** The request's seed, or one derived from the request. */
  seed: number;
  /** A hash of the prompt, so different conversations start from different picks. */
  promptHash: number;
  /** 0-based choice index (`n`). */
  choice: number;
  /** No parentheses at all (the caller banned their tokens). */
  noActions: boolean;
  /** Epoch ms, when `enable_realtime` lets the persona know the date. */
  realtimeAt?: number;
  /** The first `vector_store_ids` entry, when knowledge search is on. */
  knowledgeBaseId?: string;
  webSearch?: boolean;
  quirks?: Quirks;
}

export function bansParentheses(logitBias: Readonly<Record<string, number>>): boolean {
  return PARENTHESIS_TOKEN_IDS.every((id) => logitBias[id] !== undefined && logitBias[id] <= -100);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Near the golden ratio of `count` (spreads neighbours far apart) and coprime with it. */
function shuffleMultiplier(count: number): number {
  let multiplier = Math.max(1, Math.round(count * 0.618_033_988_7));
  while (gcd(multiplier, count) !== 1) multiplier++;
  return multiplier;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];

function dateLine(at: number, language: Scene['language']): string {
  if (language === 'zh') {
    const d = new Date(at);
    return `今天是${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日，星期${WEEKDAYS_ZH[d.getUTCDay()]!}。`;
  }
  const date = new Date(at).toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `It's ${date}.`;
}

function shorten(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > maxChars / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * Cuts text to at most `maxTokens` Qwen tokens, between characters (never inside a surrogate pair);
 * `truncated` says whether anything was cut.
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const count = (piece: string) => qwenTokenCounter.count(piece);
  if (count(text) <= maxTokens) return { text, truncated: false };
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (count(chars.slice(0, mid).join('')) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  return { text: chars.slice(0, low).join(''), truncated: true };
}

export function composeReply(input: ComposeInput): string {
  const { scene } = input;
  const zh = scene.language === 'zh';
  const pools = zh ? PHRASES_ZH : PHRASES[scene.tone];
  const cue = scene.cue ? shorten(scene.cue, MAX_CUE_CHARS) : undefined;
  const reactions = cue ? pools.reactions : pools.bareReactions;
  // With actions banned their pool drops out of the count, so it cannot be the only difference.
  const sizes = [
    pools.openers.length,
    pools.closings.length,
    reactions.length,
    input.noActions ? 1 : pools.actions.length,
  ];
  const combinations = sizes.reduce((product, size) => product * size, 1);

  // Multiplying by a number coprime with the count is a bijection on [0, combinations): distinct
  // (seed, choice) stay distinct, while neighbouring seeds change every part of the reply, not one.
  // Choices step by a prime no pool count can divide, so they differ from each other and from the
  // choices of the next seed (a regenerate must not repeat an alternative already shown).
  const offset = (input.promptHash + input.seed + input.choice * CHOICE_STRIDE) % combinations;
  let index = (offset * shuffleMultiplier(combinations)) % combinations;
  const [opener, closing, reaction, action] = sizes.map((size) => {
    const pick = index % size;
    index = Math.floor(index / size);
    return pick;
  }) as [number, number, number, number];

  const openerText = pools.openers[opener]!;
  const reactionText = reactions[reaction]!.replaceAll('{cue}', cue ?? '');
  const lead = scene.addressee ? `${scene.addressee}${zh ? '，' : ', '}${reactionText}` : reactionText;
  const parts = [openerText, /[,，]$/u.test(openerText) ? lead : capitalize(lead)];
  // Supplementary information is taken up, as the real model does with a system note.
  if (scene.note) parts.push(zh ? `${scene.note}。` : `${capitalize(scene.note)}.`);
  if (input.realtimeAt !== undefined) parts.push(dateLine(input.realtimeAt, scene.language));
  if (input.knowledgeBaseId !== undefined) {
    const topic = cue ?? (zh ? '这个' : 'this');
    parts.push(
      zh
        ? `我在${input.knowledgeBaseId}里查到了${topic}。`
        : `My notes in ${input.knowledgeBaseId} mention ${topic}.`,
    );
  }
  if (input.webSearch) {
    parts.push(zh ? `网上说${cue ?? '这个'}最近很火。` : `The web says ${cue ?? 'this'} is trending.`);
  }
  if (!input.noActions) parts.splice(action % 2 === 0 ? 1 : parts.length, 0, pools.actions[action]!);
  parts.push(pools.closings[closing]!);

  let text = shorten(parts.join(zh ? '' : ' '), MAX_REPLY_CHARS);
  const random = seededRandom(input.promptHash ^ (input.seed + input.choice));
  if (scene.speaker && random() < (input.quirks?.echoPrefixRate ?? 0)) text = `${scene.speaker}: ${text}`;
  if (random() < (input.quirks?.otherSpeakerRate ?? 0)) {
    const other = scene.others[0] ?? 'Someone';
    text = `${text}\n${other}: ${INTERJECTIONS[Math.floor(random() * INTERJECTIONS.length)]!}`;
  }
  // The model cannot emit a banned token, whatever a name or a cue contains.
  return input.noActions ? text.replace(/[()（）]/gu, '') : text;
}
