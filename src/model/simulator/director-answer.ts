// The simulator's answer to a director request (the `model` strategy asking who speaks next, see
// src/core/director/model-proposal.ts): a plausible guesser, not a judge. It names the most recent
// speaker before the last one (A-B-A) when that one is on offer, else the first offered name that did
// not just speak. Deterministic, and good for exercising the plumbing only: its accuracy on the
// director benchmark says nothing about a real model's.
import { proposalCastNames } from '../../core/director/model-proposal.js';
import type { PromptMessage } from './prefix-cache.js';

/** `Name: text`; the name is everything before the first colon (half- or full-width). */
const SPEAKER = /^\s*([^:：\n]{1,80}?)\s*[:：]/u;

/** The name to answer a director request with, or undefined when the request is not one. */
export function directorAnswer(messages: readonly PromptMessage[]): string | undefined {
  const system = messages.find((message) => message.role === 'system');
  const offered = system ? proposalCastNames(system.content) : undefined;
  if (!offered || offered.length === 0) return undefined;
  const speakers = messages
    .filter((message) => message.role === 'user')
    .flatMap((message) => message.content.split('\n'))
    .map((line) => SPEAKER.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
  const last = speakers.at(-1);
  for (let i = speakers.length - 2; i >= 0; i--) {
    const speaker = speakers[i];
    if (speaker !== undefined && speaker !== last && offered.includes(speaker)) return speaker;
  }
  return offered.find((name) => name !== last) ?? offered[0];
}
