import { describe, expect, it } from 'vitest';
import { pickCue, readScene, splitSpeakerLine } from '../../../../src/model/simulator/read-scene.js';

const jiang =
  'You are Jiang Rang, a male Go prodigy.\nYour personality traits: Enthusiastic, smart, and mischievous.\nYour language style: Humorous and loves to joke.';

describe('readScene', () => {
  it('GIVEN a trailing partial prefix THEN the speaker is its name, the addressee the last user line', () => {
    const scene = readScene(
      [
        { role: 'system', content: 'A group chat of musicians.' },
        { role: 'user', content: 'Cheng Yi: Anyone free this weekend for my new song?' },
        { role: 'assistant', content: 'Ling Lu: Maybe.' },
        { role: 'user', content: 'Tao Le: Honey, please sleep tonight.' },
        { role: 'assistant', content: 'Ling Lu:' },
      ],
      true,
    );
    expect(scene.speaker).toBe('Ling Lu');
    expect(scene.addressee).toBe('Tao Le');
    expect(scene.cue).toBe('tonight');
    expect(scene.others).toEqual(['Tao Le', 'Cheng Yi']);
  });

  it('GIVEN no prefix THEN the speaker comes from "You are X" and the tone from trait words', () => {
    const scene = readScene(
      [
        { role: 'system', content: jiang },
        { role: 'user', content: "I'm reading a book" },
      ],
      false,
    );
    expect(scene.speaker).toBe('Jiang Rang');
    expect(scene.addressee).toBeUndefined();
    expect(scene.cue).toBe('reading');
    expect(scene.tone).toBe('playful');
    expect(scene.traits).toEqual(expect.arrayContaining(['mischievous', 'humorous', 'enthusiastic']));
  });

  it('GIVEN the "none" prefix mode instruction THEN the speaker is the one it names', () => {
    const scene = readScene(
      [
        { role: 'system', content: jiang },
        { role: 'user', content: 'Bob: hi' },
        {
          role: 'system',
          content: "Reply only as Mei, with Mei's next line; do not write anyone else's lines.",
        },
      ],
      false,
    );
    expect(scene.speaker).toBe('Mei');
  });

  it('GIVEN a Chinese line THEN a Chinese scene', () => {
    const scene = readScene(
      [
        { role: 'system', content: '你是凌路，一个毒舌的音乐人。' },
        { role: 'user', content: '程一：今晚一起去吃饺子吧' },
      ],
      false,
    );
    expect([scene.speaker, scene.addressee, scene.language]).toEqual(['凌路', '程一', 'zh']);
    expect(readScene([{ role: 'system', content: 'You are Bo.' }], false).language).toBe('en');
  });

  it('GIVEN a persona without temperament words THEN neutral', () => {
    expect(readScene([{ role: 'system', content: 'You are Bo.' }], false).tone).toBe('neutral');
  });
});

describe('splitSpeakerLine', () => {
  it('splits "Name: text", also with a full-width colon', () => {
    expect(splitSpeakerLine('Cheng Yi: hello')).toEqual({ name: 'Cheng Yi', text: 'hello' });
    expect(splitSpeakerLine('程一：你好')).toEqual({ name: '程一', text: '你好' });
  });

  it('GIVEN a sentence with a colon THEN no name', () => {
    expect(splitSpeakerLine('So I said to him, listen: no')).toEqual({
      text: 'So I said to him, listen: no',
    });
  });
});

describe('pickCue', () => {
  it('picks the longest word that is not filler; for Chinese the first clause', () => {
    expect(pickCue('what about the pizza tonight')).toBe('tonight');
    expect(pickCue('我们今天去吃饺子吧')).toBe('我们今天去吃饺子');
    expect(pickCue('今天天气真好，我们去公园散步吧')).toBe('今天天气真好');
    expect(pickCue('ok')).toBeUndefined();
  });
});

describe('readScene: supplementary notes', () => {
  const system = { role: 'system' as const, content: 'A group chat of musicians.' };
  const prefix = { role: 'assistant' as const, content: 'Ling Lu:' };

  it('GIVEN a note before the last user line THEN its last paragraph’s first clause is the note', () => {
    const scene = readScene(
      [
        system,
        { role: 'user', content: 'Mia: Hi.' },
        { role: 'system', content: 'A rehearsal room.\n\nIt starts to rain. Thunder follows.' },
        { role: 'user', content: 'Mia: Still recording?' },
        prefix,
      ],
      true,
    );
    expect(scene.note).toBe('It starts to rain');
  });

  it('GIVEN a note before the prefix (continue mode) or before the speak-as instruction THEN it is read too', () => {
    expect(
      readScene(
        [system, { role: 'user', content: 'Mia: Hi.' }, { role: 'system', content: '外面下雨了。' }, prefix],
        true,
      ).note,
    ).toBe('外面下雨了');
    expect(
      readScene(
        [
          system,
          { role: 'system', content: 'The power goes out' },
          { role: 'user', content: 'Mia: Hi.' },
          {
            role: 'system',
            content: "Reply only as Ling Lu, with Ling Lu's next line; do not write anyone else's lines.",
          },
        ],
        false,
      ).note,
    ).toBe('The power goes out');
  });

  it('GIVEN only the persona system message (or a memory summary far from the last line) THEN no note', () => {
    expect(readScene([system, { role: 'user', content: 'Mia: Hi.' }, prefix], true).note).toBeUndefined();
    expect(
      readScene(
        [
          system,
          { role: 'system', content: 'Summary of the conversation so far (20 messages).' },
          { role: 'user', content: 'Mia: old' },
          { role: 'assistant', content: 'Ling Lu: older' },
          { role: 'user', content: 'Mia: Hi.' },
          prefix,
        ],
        true,
      ).note,
    ).toBeUndefined();
  });
});
