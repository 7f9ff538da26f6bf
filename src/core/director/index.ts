// The director: who speaks next in a channel, when, and why (or why nobody does). Pure and
// deterministic; see director.ts for the rules and rank.ts for the ordering of candidates.
export { decideNextSpeaker } from './director.js';
export { rankCandidates } from './rank.js';
export type { Decision, DirectorInput, DirectorTrigger, RankedCandidate, TurnMode } from './types.js';
