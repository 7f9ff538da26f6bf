// The tokenizer Troupe counts with is Qwen's own: the guide's logit_bias ids for parenthesis tokens
// decode to exactly those tokens, and the chat template's count is the count of the whole prompt.
import { describe, expect, it } from 'vitest';
import { PARENTHESIS_TOKEN_IDS } from '../../../src/core/turn/chat-request.js';
import {
  chatPromptTokens,
  decodeQwen,
  encodeQwen,
  QwenTokenCounter,
} from '../../../src/model/qwen-tokens.js';

describe("Qwen's tokenizer", () => {
  it("GIVEN the guide's 13 logit_bias ids for parentheses THEN each decodes to its parenthesis token", () => {
    // The Qwen-Character guide ("restrict output"): "All keys are token IDs that include parentheses."
    const decoded = Object.fromEntries(PARENTHESIS_TOKEN_IDS.map((id) => [id, decodeQwen([Number(id)])]));
    expect(decoded).toEqual({
      '7': '(',
      '8': ')',
      '7552': '）',
      '9909': '（',
      '320': ' (',
      '873': ' )',
      '42344': ' （',
      '58359': '。（',
      '96899': '。(',
      '6599': '*(',
      '10297': '!(',
      '91093': '（笑',
      '12832': '.(',
    });
    // …and each is one token when encoded back.
    for (const [id, text] of Object.entries(decoded)) expect(encodeQwen(text)).toEqual([Number(id)]);
  });

  it('GIVEN the chat template special tokens THEN they are single tokens, as the template needs', () => {
    expect(encodeQwen('<|im_start|>user\nhi<|im_end|>\n')).toEqual([151644, 872, 198, 6023, 151645, 198]);
  });

  it('GIVEN a prompt THEN counting message by message equals tokenizing the whole templated prompt', () => {
    const messages = [
      { role: 'system', content: 'You are Ling Lu.\n\nAlso in this group chat:\n- Tao Le' },
      { role: 'user', content: 'Mia: Z̴̡̛͎̞a̷̛͓l̸̢g̵̛o̴ 👨‍👩‍👧 QmFzZTY0== 凌路，你好' },
      { role: 'user', content: '\n\nBob:   leading newlines and spaces  ' },
      { role: 'assistant', content: 'Ling Lu:' },
    ];
    const whole = messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
    expect(chatPromptTokens(messages, { continueLast: false })).toBe(
      encodeQwen(`${whole}<|im_start|>assistant\n`).length,
    );
    expect(chatPromptTokens(messages, { continueLast: true })).toBe(
      encodeQwen(whole.slice(0, -'<|im_end|>\n'.length)).length,
    );
  });

  it('GIVEN a counter with a small cache THEN counts stay right as texts are forgotten', () => {
    const counter = new QwenTokenCounter({ cacheChars: 100 });
    const texts = Array.from({ length: 30 }, (_, i) => `${'the band plays on '.repeat(3)}${i}`);
    const first = texts.map((text) => counter.count(text));
    expect(texts.map((text) => counter.count(text))).toEqual(first);
    expect(first).toEqual(texts.map((text) => encodeQwen(text).length));
  });
});
