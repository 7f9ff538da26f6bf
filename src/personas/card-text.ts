// Text clean-up for imported character cards: the `{{char}}`/`{{user}}` macros, SillyTavern's
// `*asterisk actions*`, and a one-line summary. Kept apart from the card mapping because these are
// judgement calls about prose, each with a reason below.

/**
 * How `{{user}}` reads once filled in. In a greeting it addresses the reader ("you"); in a profile the
 * Qwen-Character guide itself says "the user", and in a channel with several people "you" would be wrong.
 */
export type UserWord = 'you' | 'the user';

/**
 * Replaces `{{char}}`/`<BOT>` with the character's name and `{{user}}`/`<USER>` with `userWord`,
 * case-insensitively as the V1 spec asks; drops `{{// comments}}`. Other CBS macros (`{{random:…}}`,
 * `{{roll:…}}`) are left as written: they have no meaning outside SillyTavern, and leaving them visible
 * lets whoever imported the card edit them rather than lose them silently.
 */
export function fillMacros(text: string, char: string, userWord: UserWord): string {
  return text
    .replace(/\{\{\/\/[\s\S]*?\}\}/g, '')
    .replace(/\{\{char\}\}|<BOT>/gi, char)
    .replace(
      /(?:\{\{user\}\}|<USER>)(?:('s)|(\s+(?:is|was|has)\b))?/gi,
      (_match, possessive: string | undefined, verb: string | undefined, offset: number, whole: string) => {
        let word: string = userWord;
        if (possessive) word = userWord === 'you' ? 'your' : "the user's";
        else if (verb && userWord === 'you') {
          // "{{user}} is" reads "you are"; other third-person verbs cannot be fixed without a grammar.
          word = `you${verb.replace(/is$/i, 'are').replace(/was$/i, 'were').replace(/has$/i, 'have')}`;
        } else if (verb) word += verb;
        return startsSentence(whole, offset) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
      },
    );
}

function startsSentence(whole: string, offset: number): boolean {
  const before = whole.slice(0, offset).replace(/[\s*("'“「]+$/, '');
  return before === '' || /[.!?。！？:]$/.test(before);
}

/**
 * `*smiles*` → `(smiles)`. SillyTavern cards mark actions with asterisks; Qwen-Character was trained on
 * parentheses, and an opening line in asterisks teaches the model a convention that `noActions` (which
 * bans parenthesis tokens) would not catch. `**bold**` is left alone.
 */
export function asteriskActionsToParentheses(text: string): string {
  return text.replace(/(^|[^*\w])\*([^*\n]+?)\*(?![*\w])/g, '$1($2)');
}

/** The first sentence of `text` when it makes a plausible roster line, else `undefined`. */
export function firstSentence(text: string, maxChars: number): string | undefined {
  // Bracketed "W++"/JSON-style descriptions (`[character("X") …]`) have no sentence worth showing.
  if (/^[[{<]/.test(text)) return undefined;
  const sentence = /^[^\n]+?[.!?。！？](?=\s|$)/.exec(text)?.[0] ?? text.split('\n')[0];
  return sentence && sentence.length <= maxChars ? sentence : undefined;
}
