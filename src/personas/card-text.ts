// Text clean-up for imported character cards: the `{{char}}`/`{{user}}` macros, authors' markup, and
// SillyTavern's `*asterisk actions*`. Kept apart from the card mapping because these are judgement calls
// about prose, each with its reason below.

/** The languages whose words stand in for `{{user}}`; anything else reads the English ones. */
export type CardLanguage = 'en' | 'zh' | 'ja' | 'ko';

/**
 * Where a filled-in `{{user}}` will be read, which decides the words it becomes.
 * - `reader`: text the model reads about the conversation (profile, lore, instructions). The guide's own
 *   profiles say "the user"; it is third person, so every verb and possessive the author wrote after
 *   `{{user}}` stays grammatical ("{{user}}’s sister" → "the user’s sister", "{{user}} looks" → "the user
 *   looks"), where "you" would not ("you’s", "you looks").
 * - `channel`: text posted to the channel (greetings). A Troupe scene has several people, and nobody in
 *   particular is being answered when a persona joins; "everyone" addresses them all and is, again,
 *   third person singular, so the author's grammar holds ("{{user}}’s late" → "everyone’s late").
 * - `speaker`: example dialogue, where `{{user}}` is a speaker's name ("User: hi") and is used as a name.
 */
export type UserRole = 'reader' | 'channel' | 'speaker';

const USER_WORDS: Readonly<Record<CardLanguage, Readonly<Record<UserRole, string>>>> = {
  en: { reader: 'the user', channel: 'everyone', speaker: 'User' },
  zh: { reader: '用户', channel: '大家', speaker: '用户' },
  ja: { reader: 'ユーザー', channel: 'みんな', speaker: 'ユーザー' },
  ko: { reader: '사용자', channel: '여러분', speaker: '사용자' },
};

/** Japanese honorifics an author puts after `{{user}}`; "みんなさん" is wrong, "みなさん" right. */
const JA_HONORIFIC = /(?:さん|様|さま|くん|君|ちゃん|殿)/u;

/**
 * The card's language, from its main text: kana means Japanese, hangul Korean, Han (without kana)
 * Chinese; otherwise English words are used. A few CJK names in an English card do not tip it: the
 * script has to make up a fifth of the letters.
 */
export function detectCardLanguage(text: string): CardLanguage {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  const han = count(/\p{Script=Han}/gu);
  const letters = count(/\p{L}/gu);
  if (letters === 0) return 'en';
  if (kana > 0 && (kana + han) / letters >= 0.2) return 'ja';
  if (hangul / letters >= 0.2) return 'ko';
  if (han / letters >= 0.2) return 'zh';
  return 'en';
}

export interface MacroContext {
  /** What `{{char}}`/`<BOT>` becomes: the nickname when the card has one (V3), else the name. */
  char: string;
  language: CardLanguage;
}

const CHAR_MACRO = /\{\{\s*char\s*\}\}|<BOT>/giu;
const USER_MACRO = /\{\{\s*user\s*\}\}|<USER>/giu;

/**
 * Fills `{{char}}`/`<BOT>` and `{{user}}`/`<USER>` (any case, spaces inside the braces, as the V1 spec
 * and SillyTavern accept), drops `{{// comments}}` and `{{original}}` (the spec's "the app's own
 * prompt": Troupe's is built around the persona, so there is nothing to put there). Other CBS macros
 * (`{{random:…}}`, `{{roll:…}}`) are left as written: they mean nothing outside SillyTavern, and leaving
 * them visible lets whoever imported the card edit them rather than lose them silently.
 */
export function fillMacros(text: string, context: MacroContext, role: UserRole): string {
  const word = USER_WORDS[context.language][role];
  let filled = text
    .replace(/\{\{\s*\/\/[\s\S]*?\}\}/gu, '')
    .replace(/\{\{\s*original\s*\}\}/giu, '')
    .replace(CHAR_MACRO, context.char);
  if (context.language === 'ja' && role === 'channel') {
    filled = filled.replace(new RegExp(`(?:${USER_MACRO.source})${JA_HONORIFIC.source}`, 'giu'), 'みなさん');
  }
  return filled.replace(USER_MACRO, (match: string, offset: number, whole: string) => {
    if (context.language !== 'en' || role === 'speaker') return word;
    return startsSentence(whole, offset) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  });
}

function startsSentence(whole: string, offset: number): boolean {
  const before = whole.slice(0, offset).replace(/[\s*("'“‘「(]+$/u, '');
  return before === '' || /[.!?。！？:]$/u.test(before);
}

/** Block-level tags: removed, leaving a line break so the text around them does not run together. */
const BLOCK_TAGS =
  'p|div|br|hr|h[1-6]|li|ul|ol|blockquote|table|tr|td|th|thead|tbody|section|article|header|footer|details|summary|figure|figcaption|center|pre';
/** Inline tags: removed, their text kept. */
const INLINE_TAGS =
  'span|font|b|i|u|em|strong|small|big|sup|sub|mark|s|strike|del|ins|code|a|abbr|cite|q|kbd|label';
/** Tags whose content is never text for anyone: removed with everything inside. */
const DROPPED_WITH_CONTENT = 'style|script|iframe|video|audio|object|svg|noscript|template';

/**
 * Removes what card authors write for the card sites rather than for the character: HTML comments,
 * images (`<img>`, markdown `![…](…)`), styling and layout tags, links whose address is relative to the
 * site they came from (their text stays). Only named tags are touched, so `<START>`, `<BOT>`, a `<3`
 * or "a < b" survive.
 */
export function stripAuthorMarkup(text: string): string {
  return text
    .replace(/<!--[\s\S]*?(?:-->|$)/gu, '')
    .replace(new RegExp(`<(${DROPPED_WITH_CONTENT})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'giu'), '')
    .replace(/<img\b[^>]*>/giu, '')
    .replace(/!\[[^\]\n]*\]\([^)\n]*\)/gu, '')
    .replace(/\[([^\]\n]*)\]\((?![a-z][a-z0-9+.-]*:)[^)\n]*\)/giu, '$1')
    .replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'giu'), '\n')
    .replace(new RegExp(`</?(?:${INLINE_TAGS})\\b[^>]*>`, 'giu'), '')
    .replace(/&nbsp;/gu, ' ')
    .replace(/[ \t]+\n/gu, '\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/** Text after which a sentence may open: nothing, a line break, a sentence end, a closing quote or bracket, a dash, an action. */
const BOUNDARY_BEFORE = /(?:^|\n)[ \t]*$|[.!?…。！？~—"”’」』)）:：*]\s*$/u;

/**
 * `*smiles*` → `(smiles)`, the guide's parentheses for actions (Qwen-Character was trained on them, and
 * `noActions` bans only parenthesis tokens), but only where the asterisks mark an action rather than
 * emphasis. An action stands on its own: it opens the text or a line, or follows the end of a sentence
 * or a quote. Emphasis sits inside a sentence ("not *too* cute", "我*真的*很喜欢"), and a one- or two-word
 * span followed by a lower-case word reads as emphasis even after a full stop ("*Really* good."). An
 * action of three words or more ending a sentence ("… she says *leaning closer*.") is an action too.
 * `**bold**` is left alone.
 */
export function asteriskActionsToParentheses(text: string): string {
  return text.replace(
    /(?<![*\p{Script=Latin}\p{N}])\*(?![*\s])([^*\n]+?)(?<!\s)\*(?![*\p{Script=Latin}\p{N}])/gu,
    (match, inner: string, offset: number, whole: string) => {
      const before = whole.slice(0, offset);
      const after = whole.slice(offset + match.length);
      const words = inner.trim().split(/\s+/u).length;
      const lowerCaseNext = /^\s+\p{Ll}/u.test(after);
      const standsAlone = BOUNDARY_BEFORE.test(before) && !(words <= 2 && lowerCaseNext);
      const endsSentence = words >= 3 && /^\s*(?:[.!?…。！？"”]|$|\n)/u.test(after);
      return standsAlone || endsSentence ? `(${inner})` : match;
    },
  );
}

/** The first sentence of `text` when it makes a plausible roster line, else `undefined`. */
export function firstSentence(text: string, maxChars: number): string | undefined {
  // Bracketed "W++"/JSON-style descriptions (`[character("X") …]`) have no sentence worth showing.
  if (/^[[{<]/u.test(text)) return undefined;
  const sentence = /^[^\n]+?(?:[.!?](?=\s|$)|[。！？])/u.exec(text)?.[0] ?? text.split('\n')[0];
  return sentence && sentence.length <= maxChars ? sentence : undefined;
}
