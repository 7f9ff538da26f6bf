// Who speaks next, with the `model` strategy's one impure step: asking the model. Every rule of the
// pure director (forced, pause, manual, silence, loop guard, ping-pong, addressing, muting) runs first
// with `natural` in the strategy's place; only when natural would pick by its ranking does the model
// get a say. Its answer is taken when it names a candidate; no answer, a stray one or a failed request
// leaves natural's choice, so the scene never waits on the director.
//
// Only the turn asks (take-turn.ts). A stored line (store-line.ts) needs only whether and when, which
// the model never changes, so it keeps the pure director and a turn costs one proposal at most. The
// turn checked the server's daily budget before choosing (budget-gate.ts), so a spent budget never
// gets this far; the proposal's cost counts toward it like a reply's.
import type { ChatRequest } from '../chat.js';
import type { CoreDeps } from '../deps.js';
import { decideNextSpeaker } from '../director/index.js';
import type { Decision, DirectorInput } from '../director/index.js';
import {
  buildProposalRequest,
  parseProposal,
  proposalCandidates,
  wantsProposal,
} from '../director/model-proposal.js';
import type { ChannelPlace } from '../ports.js';
import { recordUsage } from './budget-gate.js';

/**
 * The director's session and usage key. No persona id can start with `~`, so it never shares a
 * persona's session (their cached prefixes stay theirs) nor its usage row; /reset rotates it with theirs.
 */
export const DIRECTOR_ID = '~director';

/** A proposal slower than this is dropped for natural's choice: the turn must not stall, ms. */
export const PROPOSAL_TIMEOUT_MS = 8_000;

export type ChooseDeps = Pick<CoreDeps, 'model' | 'sessions' | 'usage' | 'clock' | 'log' | 'options'>;

/** Who speaks next: the pure director, and under `model`, the model's proposal where it may choose. */
export async function chooseNextSpeaker(
  deps: ChooseDeps,
  input: DirectorInput,
  scope: ChannelPlace,
): Promise<Decision> {
  // The pure director reads `model` as `natural` (director.ts).
  const natural = decideNextSpeaker(input);
  if (input.settings.strategy !== 'model' || !natural.speak || !wantsProposal(input)) return natural;
  const candidates = proposalCandidates(input);
  const log = deps.log.child({ channelId: scope.channelId, persona: DIRECTOR_ID });
  let answer: string;
  try {
    answer = await askModel(deps, input, scope);
  } catch (err) {
    log.debug({ err }, 'director proposal failed; natural decides');
    return natural;
  }
  const proposed = parseProposal(answer, input.cast, candidates);
  if (proposed === undefined) {
    log.debug({ answer }, 'director proposal names no candidate; natural decides');
    return natural;
  }
  const name = input.cast.find((persona) => persona.id === proposed)?.name ?? proposed;
  return { ...natural, personaId: proposed, reason: `model: ${name}` };
}

async function askModel(deps: ChooseDeps, input: DirectorInput, scope: ChannelPlace): Promise<string> {
  const request: ChatRequest = buildProposalRequest({
    history: input.history,
    cast: input.cast.filter((persona) => !input.settings.muted.includes(persona.id)),
    fullCast: input.cast,
    model: deps.options.defaultModel,
    sessionId: await deps.sessions.get(scope.channelId, DIRECTOR_ID),
    prefixMode: deps.options.prefixMode,
  });
  const result = await deps.model.complete(request, { signal: AbortSignal.timeout(PROPOSAL_TIMEOUT_MS) });
  const usageScope = { channelId: scope.channelId, guildId: scope.guildId, personaId: DIRECTOR_ID };
  // Bookkeeping must not cost the decision: a failed usage write is only logged.
  await recordUsage(deps, usageScope, result.usage, request.model).catch((err: unknown) =>
    deps.log.warn({ err, channelId: scope.channelId }, 'director usage not recorded'),
  );
  return result.texts[0] ?? '';
}
