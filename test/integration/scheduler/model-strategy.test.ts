// The `model` strategy end to end on real Redis + BullMQ + the simulator (through the openai SDK): the
// turn asks the model who speaks next in a session of the director's own, takes a cast name, and falls
// back to natural's choice on junk or a failed request; addressing never asks.
import { afterEach, describe, expect, it } from 'vitest';
import { addToCast, setSilence, setStrategy } from '../../../src/core/channel-admin.js';
import { DIRECTOR_ID } from '../../../src/core/turn/choose-speaker.js';
import { rankCandidates } from '../../../src/core/director/index.js';
import { PROPOSAL_INTRO, PROPOSAL_PREFIX } from '../../../src/core/director/model-proposal.js';
import { seededRandom } from '../../../src/core/random.js';
import { receiveLine } from '../../../src/core/receive.js';
import type { ScriptRequest } from '../../../src/model/simulator/complete-chat.js';
import type { RecordedRequest } from '../../../src/model/simulator/request-log.js';
import { SESSION_HEADER } from '../../../src/model/wire-request.js';
import { shipped, startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { sleep, waitFor } from '../../support/wait-for.js';

const CHANNEL = 'chan-model';
const MUSICIANS = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface Message {
  role: string;
  content: string;
}

const messagesOf = (body: unknown): Message[] => (body as { messages?: Message[] }).messages ?? [];
const isDirector = (body: unknown) => messagesOf(body)[0]?.content.startsWith(PROPOSAL_INTRO) === true;
const directorRequests = (h: CoreHarness): RecordedRequest[] =>
  h.simulator.requests.filter((r) => isDirector(r.body));
const personaRequests = (h: CoreHarness): RecordedRequest[] =>
  h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions') && !isDirector(r.body));

/** Director requests get `answer`; persona turns are composed by the simulator. */
const answerDirector = (answer: string) => (request: ScriptRequest) =>
  isDirector(request.body) ? answer : undefined;

async function modelChannel(h: CoreHarness): Promise<void> {
  for (const id of MUSICIANS) await addToCast(h.core.deps, CHANNEL, id, { greet: false });
  await setSilence(h.core.deps, CHANNEL, undefined);
  await setStrategy(h.core.deps, CHANNEL, 'model');
  // One persona turn per person line: each test sees exactly one decision.
  await h.core.settings.update(CHANNEL, { minPersonaGapMs: 100, maxBotTurns: 1 });
}

const say = (h: CoreHarness, text: string) =>
  receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'user-mia', speakerName: 'Mia', text });

/** Whom natural ranks first on the channel's history as it was when the turn decided. */
async function naturalChoice(h: CoreHarness): Promise<string | undefined> {
  const settings = await h.core.settings.get(CHANNEL);
  const personas = await shipped();
  const cast = settings.cast.flatMap((id) => personas.filter((p) => p.id === id));
  const history = (await h.core.history.recent(CHANNEL, 50)).filter((l) => l.kind === 'person');
  const ranking = rankCandidates({
    history,
    cast,
    settings: { ...settings, strategy: 'natural' },
    now: Date.now(),
    random: seededRandom(1),
    trigger: { kind: 'line' },
  });
  return ranking[0]?.personaId;
}

describe('model strategy (Redis + BullMQ + simulator)', () => {
  it('GIVEN the model answers "Tao Le" THEN Tao Le speaks, asked in the director’s own session', async () => {
    harness = await startCoreHarness();
    harness.simulator.setScript(answerDirector('Tao Le'));
    await modelChannel(harness);
    await say(harness, 'What a long day.');

    await waitFor('a reply', () => harness!.stage.posts.length > 0);
    expect(harness.stage.posts[0]!.personaId).toBe('tao-le');
    expect(await naturalChoice(harness)).not.toBe('tao-le'); // the model, not natural, chose her

    const [director] = directorRequests(harness);
    const messages = messagesOf(director!.body);
    expect(messages.at(-1)).toEqual({ role: 'assistant', content: PROPOSAL_PREFIX, partial: true });
    expect(messages[1]).toEqual({ role: 'user', content: 'Mia: What a long day.' });
    expect((director!.body as { max_tokens: number }).max_tokens).toBe(8);
    const directorSession = director!.headers[SESSION_HEADER];
    expect(directorSession).toBeTruthy();
    expect(personaRequests(harness)[0]!.headers[SESSION_HEADER]).not.toBe(directorSession);

    const usage = await harness.core.usage.totals({ channelId: CHANNEL, personaId: DIRECTOR_ID });
    expect(usage.requests).toBe(1);
    expect(usage.promptTokens).toBeGreaterThan(0);
  });

  it('GIVEN a junk answer THEN natural’s choice speaks', async () => {
    harness = await startCoreHarness();
    harness.simulator.setScript(answerDirector('Hard to say, really.'));
    await modelChannel(harness);
    await say(harness, 'What a long day.');

    await waitFor('a reply', () => harness!.stage.posts.length > 0);
    expect(directorRequests(harness)).toHaveLength(1);
    expect(harness.stage.posts[0]!.personaId).toBe(await naturalChoice(harness));
  });

  it('GIVEN the director request fails with a 500 THEN natural’s choice speaks, without a retry', async () => {
    harness = await startCoreHarness();
    harness.simulator.setScript(answerDirector('Tao Le'));
    harness.simulator.injectFault({ kind: '500' }, { match: (request) => isDirector(request.body) });
    await modelChannel(harness);
    await say(harness, 'What a long day.');

    await waitFor('a reply', () => harness!.stage.posts.length > 0);
    expect(directorRequests(harness).map((r) => r.response?.status)).toEqual([500]);
    expect(personaRequests(harness).map((r) => r.response?.status)).toEqual([200]);
    expect(harness.stage.posts[0]!.personaId).toBe(await naturalChoice(harness));
  });

  it('GIVEN a persona addressed by name THEN it speaks and the model is never asked', async () => {
    harness = await startCoreHarness();
    harness.simulator.setScript(answerDirector('Tao Le'));
    await modelChannel(harness);
    await say(harness, 'Ling Lu, how was rehearsal?');

    await waitFor('a reply', () => harness!.stage.posts.length > 0);
    await sleep(300);
    expect(harness.stage.posts.map((p) => p.personaId)).toEqual(['ling-lu']);
    expect(directorRequests(harness)).toHaveLength(0);
  });
});
