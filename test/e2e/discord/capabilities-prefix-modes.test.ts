// Other OpenAI-compatible servers (MODEL_PREFIX_MODE) from Discord: with `none` the request ends with
// the speak-as instruction instead of an assistant prefix, and the channel shows the reply cleaned of the
// persona's echoed name and of lines it wrote for others; `prefix` (DeepSeek) and
// `continue_final_message` (vLLM) continue the `Name:` prefix their own way.
import { afterEach, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { speakAsInstruction } from '../../../src/model/wire-request.js';
import { shipped } from '../../support/core-harness.js';
import { exchange, sceneChannel } from '../../support/discord-scenes.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const persona = async (id: string): Promise<Persona> => (await shipped()).find((p) => p.id === id)!;
type Completion = { choices: Array<{ message: { content: string } }> };

it('GIVEN MODEL_PREFIX_MODE=none and a model that echoes its name and writes a line for Mia THEN the request ends with the speak-as instruction and the channel shows only the persona’s own line', async () => {
  world = await startTroupeOnDiscord({ config: { MODEL_PREFIX_MODE: 'none' } });
  world.simulator.setQuirks({ echoPrefixRate: 1, otherSpeakerRate: 1 });
  const [lingLu, chengYi] = [await persona('ling-lu'), await persona('cheng-yi')];
  const channelId = await sceneChannel(world, 'prefix-none', ['ling-lu', 'cheng-yi']);
  const turn = await exchange(world, channelId, 'Ling Lu, how was the gig?');

  expect(turn.body).toEqual({
    model: 'qwen-plus-character',
    messages: [
      { role: 'system', content: buildSystemMessage(lingLu, [lingLu, chengYi]) },
      { role: 'user', content: 'Mia: Ling Lu, how was the gig?' },
      { role: 'system', content: speakAsInstruction('Ling Lu') },
    ],
    max_tokens: 80,
  });
  expect(speakAsInstruction('Ling Lu')).toBe(
    "Reply only as Ling Lu, with Ling Lu's next line; do not write anyone else's lines.",
  );
  const raw = (turn.request.response!.body as Completion).choices[0]!.message.content;
  const [own, other] = raw.split('\n');
  expect(own).toMatch(/^Ling Lu: \S/);
  expect(other).toMatch(/^Mia: /);
  expect(turn.post.body).toMatchObject({ username: 'Ling Lu', content: own!.slice('Ling Lu: '.length) });
  expect(turn.line.text).toBe(own!.slice('Ling Lu: '.length));
});

it.each([
  ['prefix', { role: 'assistant', content: 'Ling Lu:', prefix: true }, {}],
  [
    'continue_final_message',
    { role: 'assistant', content: 'Ling Lu:' },
    { continue_final_message: true, add_generation_prompt: false },
  ],
])(
  'GIVEN MODEL_PREFIX_MODE=%s THEN the prefix is continued that way and the channel shows the reply',
  async (mode, last, extra) => {
    world = await startTroupeOnDiscord({ config: { MODEL_PREFIX_MODE: mode } });
    const lingLu = await persona('ling-lu');
    const channelId = await sceneChannel(world, `prefix-${mode}`, ['ling-lu']);
    const turn = await exchange(world, channelId, 'Ling Lu, one more take?');
    expect(turn.body).toEqual({
      model: 'qwen-plus-character',
      messages: [
        { role: 'system', content: buildSystemMessage(lingLu, [lingLu]) },
        { role: 'user', content: 'Mia: Ling Lu, one more take?' },
        last,
      ],
      max_tokens: 80,
      ...extra,
    });
    const raw = (turn.request.response!.body as Completion).choices[0]!.message.content;
    expect(turn.post.body).toMatchObject({ username: 'Ling Lu', content: raw.trim() });
  },
);
