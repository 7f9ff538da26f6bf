// The `model` strategy on the director benchmark, for the first N decisions: the rule the bot follows
// (src/core/choose-speaker.ts) — addressing decides without the model; otherwise the model's proposal
// when it names a candidate, else natural's pick — scored beside natural and the baselines on the same
// decisions, with the proposal's tokens and what they would cost.
//
// By default the model is the in-process simulator, whose answer is a deterministic A-B-A guess: its
// figure checks the plumbing and measures the request's size, and says nothing about a real model's
// judgement. With MODEL_BASE_URL and DASHSCOPE_API_KEY in the environment it is that endpoint instead
// (MODEL names the model, default qwen-plus-character; MODEL_PREFIX_MODE as for the bot).
import type { PrefixMode } from '../src/core/chat.js';
import type { DirectorInput } from '../src/core/director/index.js';
import {
  buildProposalRequest,
  parseProposal,
  proposalCandidates,
  wantsProposal,
} from '../src/core/director/model-proposal.js';
import type { ChatModel } from '../src/core/ports.js';
import { seededRandom } from '../src/core/random.js';
import { QwenChatModel } from '../src/model/qwen-chat-model.js';
import { startSimulator } from '../src/model/simulator/simulator.js';
import {
  BENCH_SEED,
  LINE_INTERVAL_MS,
  naturalRanking,
  readScenes,
  sceneDecisions,
  type BenchDecision,
} from './director-scenes.js';

/** qwen-plus-character, international endpoint, USD per million tokens (the guide's price list). */
const INPUT_USD_PER_MTOK = 0.5;
const OUTPUT_USD_PER_MTOK = 1.4;
/** Scenes asked about at once; decisions within a scene go in order, so its session cache can work. */
const CONCURRENCY = 4;
/** One proposal may take this long before it counts as failed, ms. */
const REQUEST_TIMEOUT_MS = 20_000;
const PREFIX_MODES: readonly PrefixMode[] = ['partial', 'prefix', 'continue_final_message', 'none'];

interface Endpoint {
  model: ChatModel;
  modelName: string;
  prefixMode: PrefixMode;
  label: string;
  close(): Promise<void>;
}

interface ModelTally {
  decisions: number;
  random: number;
  aba: number;
  natural: number;
  model: number;
  /** Decisions where nobody was addressed, so the model was asked. */
  asked: number;
  /** …and its answer named a candidate. */
  valid: number;
  failed: number;
  firstError: string | undefined;
  askedRight: { model: number; natural: number; aba: number };
  tokens: { prompt: number; cached: number; completion: number; requests: number };
}

async function openEndpoint(): Promise<Endpoint> {
  const baseURL = process.env.MODEL_BASE_URL?.trim();
  const apiKey = process.env.DASHSCOPE_API_KEY?.trim();
  const modelName = process.env.MODEL?.trim() || 'qwen-plus-character';
  const mode = process.env.MODEL_PREFIX_MODE?.trim() || 'partial';
  if (!PREFIX_MODES.includes(mode as PrefixMode))
    throw new Error(`MODEL_PREFIX_MODE: one of ${PREFIX_MODES.join(', ')}`);
  const prefixMode = mode as PrefixMode;
  if (baseURL && apiKey) {
    const model = new QwenChatModel({ baseURL, apiKey, prefixMode, timeoutMs: REQUEST_TIMEOUT_MS });
    return { model, modelName, prefixMode, label: `${baseURL}, ${modelName}`, close: async () => undefined };
  }
  const simulator = await startSimulator();
  const model = new QwenChatModel({ baseURL: simulator.url, apiKey: 'bench', prefixMode });
  const label = 'the in-process simulator (an A-B-A guesser: its accuracy says nothing about a real model)';
  return { model, modelName, prefixMode, label, close: () => simulator.close() };
}

/** The first `limit` scored decisions of the file, grouped by scene, in file order. */
function firstDecisions(path: string, limit: number): BenchDecision[][] {
  const byScene: BenchDecision[][] = [];
  let count = 0;
  for (const scene of readScenes(path)) {
    const decisions = sceneDecisions(scene).slice(0, limit - count);
    if (decisions.length > 0) byScene.push(decisions);
    count += decisions.length;
    if (count >= limit) break;
  }
  return byScene;
}

/** The model's proposal, or undefined (no valid name, or a failed request: natural decides then). */
async function propose(
  endpoint: Endpoint,
  decision: BenchDecision,
  input: DirectorInput,
  tally: ModelTally,
): Promise<string | undefined> {
  const request = buildProposalRequest({
    history: decision.history,
    cast: decision.cast,
    model: endpoint.modelName,
    sessionId: `bench-director-${decision.sceneId}`,
    prefixMode: endpoint.prefixMode,
  });
  try {
    const result = await endpoint.model.complete(request, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    tally.tokens.prompt += result.usage.promptTokens;
    tally.tokens.cached += result.usage.cachedTokens;
    tally.tokens.completion += result.usage.completionTokens;
    tally.tokens.requests++;
    return parseProposal(result.texts[0] ?? '', decision.cast, proposalCandidates(input));
  } catch (err) {
    tally.failed++;
    tally.firstError ??= err instanceof Error ? err.message : String(err);
    return undefined;
  }
}

async function scoreDecision(endpoint: Endpoint, decision: BenchDecision, tally: ModelTally): Promise<void> {
  const { actual, beforeLast, candidates, last } = decision;
  const natural = naturalRanking(decision)[0]?.personaId ?? candidates[0]?.id;
  const input: DirectorInput = {
    history: decision.history,
    cast: decision.cast,
    settings: { ...decision.settings, strategy: 'model' },
    now: last.at + LINE_INTERVAL_MS / 2,
    random: seededRandom(BENCH_SEED),
    trigger: { kind: 'line' },
  };
  let predicted = natural;
  if (wantsProposal(input)) {
    tally.asked++;
    const proposed = await propose(endpoint, decision, input, tally);
    if (proposed !== undefined) tally.valid++;
    predicted = proposed ?? natural;
    if (predicted === actual) tally.askedRight.model++;
    if (natural === actual) tally.askedRight.natural++;
    if (beforeLast.speakerId === actual) tally.askedRight.aba++;
  }
  tally.decisions++;
  tally.random += 1 / Math.max(1, candidates.length);
  if (beforeLast.speakerId === actual) tally.aba++;
  if (natural === actual) tally.natural++;
  if (predicted === actual) tally.model++;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(2)}%`.padStart(7);
}

function report(path: string, endpoint: Endpoint, tally: ModelTally, scenes: number, seconds: number): void {
  const of = (part: number) => percent(part, tally.decisions);
  const { tokens } = tally;
  const perRequest = (count: number) => count / Math.max(1, tokens.requests);
  const usdPerRequest =
    (perRequest(tokens.prompt) * INPUT_USD_PER_MTOK + perRequest(tokens.completion) * OUTPUT_USD_PER_MTOK) /
    1e6;
  const requestsPerDecision = tokens.requests / Math.max(1, tally.decisions);
  console.log(`director benchmark, model strategy: ${path}`);
  console.log(`model: ${endpoint.label}`);
  console.log(`first ${tally.decisions} scored decisions (${scenes} scenes), ${seconds.toFixed(1)} s`);
  console.log('top-1 accuracy on these decisions');
  console.log(`  model (addressing first, natural on no answer)  ${of(tally.model)}`);
  console.log(`  director (natural)                              ${of(tally.natural)}`);
  console.log(`  A-B-A baseline                                  ${of(tally.aba)}`);
  console.log(`  random baseline                                 ${of(tally.random)}`);
  console.log(
    `model asked in ${tally.asked} decisions (the rest were addressed); named a candidate ${tally.valid}, ` +
      `failed ${tally.failed}${tally.firstError ? ` (first: ${tally.firstError})` : ''}`,
  );
  console.log(
    `  where asked: model right ${percent(tally.askedRight.model, tally.asked)}, natural ` +
      `${percent(tally.askedRight.natural, tally.asked)}, A-B-A ${percent(tally.askedRight.aba, tally.asked)}`,
  );
  console.log(
    `tokens per proposal: ${perRequest(tokens.prompt).toFixed(1)} prompt ` +
      `(${perRequest(tokens.cached).toFixed(1)} of them cached), ${perRequest(tokens.completion).toFixed(1)} completion`,
  );
  console.log(
    `estimated cost at $${INPUT_USD_PER_MTOK}/1M input, $${OUTPUT_USD_PER_MTOK}/1M output (cache discounts ignored): ` +
      `$${(usdPerRequest * 1000).toFixed(4)} per 1,000 proposals; ` +
      `$${(usdPerRequest * requestsPerDecision * 1000).toFixed(4)} per 1,000 decisions`,
  );
}

export async function runModelBench(path: string, limit: number): Promise<void> {
  const started = performance.now();
  const scenes = firstDecisions(path, limit);
  const endpoint = await openEndpoint();
  const tally: ModelTally = {
    decisions: 0,
    random: 0,
    aba: 0,
    natural: 0,
    model: 0,
    asked: 0,
    valid: 0,
    failed: 0,
    firstError: undefined,
    askedRight: { model: 0, natural: 0, aba: 0 },
    tokens: { prompt: 0, cached: 0, completion: 0, requests: 0 },
  };
  try {
    let next = 0;
    const worker = async () => {
      for (let scene = scenes[next++]; scene; scene = scenes[next++]) {
        for (const decision of scene) await scoreDecision(endpoint, decision, tally);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await endpoint.close();
  }
  report(path, endpoint, tally, scenes.length, (performance.now() - started) / 1000);
}
