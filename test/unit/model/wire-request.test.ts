// GIVEN a core ChatRequest THEN the wire body and headers are exactly what each kind of server expects.
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/core/chat.js';
import { prefixName, speakAsInstruction, toWireRequest } from '../../../src/model/wire-request.js';

const groupChat: ChatRequest = {
  model: 'qwen-plus-character',
  messages: [
    { role: 'system', content: 'You are Ling Lu, a sharp-tongued musician.' },
    { role: 'user', content: 'Cheng Yi: Free this weekend?' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ],
};

describe('toWireRequest', () => {
  it('GIVEN every option THEN maps each to its wire name and the session id to the header', () => {
    const { body, headers } = toWireRequest(
      {
        ...groupChat,
        sessionId: 'sess-1',
        n: 2,
        seed: 42,
        temperature: 0.7,
        topP: 0.8,
        maxTokens: 120,
        logitBias: { '7': -100, '8': -100 },
        characterOptions: { profile: 'P', enable_realtime: true, vector_store_ids: ['kb-1'] },
        enableSearch: true,
        searchOptions: { forced_search: true },
      },
      'partial',
    );
    expect(body).toEqual({
      model: 'qwen-plus-character',
      messages: [
        { role: 'system', content: 'You are Ling Lu, a sharp-tongued musician.' },
        { role: 'user', content: 'Cheng Yi: Free this weekend?' },
        { role: 'assistant', content: 'Ling Lu:', partial: true },
      ],
      n: 2,
      seed: 42,
      temperature: 0.7,
      top_p: 0.8,
      max_tokens: 120,
      logit_bias: { '7': -100, '8': -100 },
      character_options: { profile: 'P', enable_realtime: true, vector_store_ids: ['kb-1'] },
      enable_search: true,
      search_options: { forced_search: true },
    });
    expect(headers).toEqual({ 'x-dashscope-aca-session': 'sess-1' });
  });

  it('GIVEN no optional fields THEN sends only model and messages, and no header', () => {
    const { body, headers } = toWireRequest({ model: 'm', messages: [{ role: 'system', content: 's' }] });
    expect(body).toEqual({ model: 'm', messages: [{ role: 'system', content: 's' }] });
    expect(headers).toEqual({});
  });

  it('GIVEN an empty logit bias THEN leaves logit_bias out', () => {
    expect(toWireRequest({ ...groupChat, logitBias: {} }).body).not.toHaveProperty('logit_bias');
  });

  it('GIVEN prefix mode "prefix" THEN flags the last message with prefix: true', () => {
    const { body } = toWireRequest(groupChat, 'prefix');
    expect(body.messages.at(-1)).toEqual({ role: 'assistant', content: 'Ling Lu:', prefix: true });
    expect(body.messages.some((m) => 'partial' in m)).toBe(false);
  });

  it('GIVEN prefix mode "continue_final_message" THEN sets the vLLM body flags and no message flag', () => {
    const { body } = toWireRequest(groupChat, 'continue_final_message');
    expect(body.continue_final_message).toBe(true);
    expect(body.add_generation_prompt).toBe(false);
    expect(body.messages.at(-1)).toEqual({ role: 'assistant', content: 'Ling Lu:' });
  });

  it('GIVEN prefix mode "none" THEN drops the prefix and asks for the speaker in a final system message', () => {
    const { body } = toWireRequest(groupChat, 'none');
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are Ling Lu, a sharp-tongued musician.' },
      { role: 'user', content: 'Cheng Yi: Free this weekend?' },
      {
        role: 'system',
        content: "Reply only as Ling Lu, with Ling Lu's next line; do not write anyone else's lines.",
      },
    ]);
  });

  it('GIVEN no trailing prefix THEN no mode adds flags or instructions', () => {
    const request: ChatRequest = { model: 'm', messages: groupChat.messages.slice(0, 2) };
    for (const mode of ['partial', 'prefix', 'continue_final_message', 'none'] as const) {
      expect(toWireRequest(request, mode).body).toEqual({
        model: 'm',
        messages: groupChat.messages.slice(0, 2),
      });
    }
  });

  it('GIVEN partial on a message that is not last THEN drops the flag', () => {
    const { body } = toWireRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 's' },
        { role: 'assistant', content: 'A:', partial: true },
        { role: 'user', content: 'B: hi' },
      ],
    });
    expect(body.messages.some((m) => 'partial' in m)).toBe(false);
  });
});

describe('prefixName', () => {
  it('GIVEN half- or full-width colons THEN returns the bare name', () => {
    expect(prefixName('Ling Lu:')).toBe('Ling Lu');
    expect(prefixName('凌路：')).toBe('凌路');
    expect(prefixName('Ling Lu : ')).toBe('Ling Lu');
  });

  it('builds the speak-as instruction from the name', () => {
    expect(speakAsInstruction('Ada')).toBe(
      "Reply only as Ada, with Ada's next line; do not write anyone else's lines.",
    );
  });
});
