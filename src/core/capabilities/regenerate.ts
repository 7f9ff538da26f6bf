// Regenerate (the API's `seed`): the channel's last persona message asked for again with a new seed
// and the same context, then replaced in place (a stage edit) and in history.
import type { CoreDeps } from '../deps.js';
import type { Line } from '../line.js';
import { refuse, type Outcome } from './outcome.js';
import { text } from '../text.js';
import { replacePersonaLine } from './replace-line.js';
import { retakeFresh, retakeTargetOf, type RetakeTarget } from './retake.js';

/** `admitted`: the target `admitRetake` found, when it was asked first. */
export async function regenerate(
  deps: CoreDeps,
  channelId: string,
  admitted?: RetakeTarget,
): Promise<Outcome<{ line: Line; seed: number }>> {
  const found = await retakeTargetOf(deps, channelId, admitted);
  if (!found.ok) return found;
  const { line, persona } = found.target;
  const generated = await retakeFresh(deps, channelId, found.target);
  if (generated.kind === 'over-budget') return refuse(generated.message);
  if (generated.kind === 'moderation') return refuse(text('retake.moderation'));
  const { seed, texts } = generated;
  const first = texts[0];
  if (first === undefined) return refuse(text('retake.nothingNew'));
  const replaced = await replacePersonaLine(deps, channelId, line, persona, first);
  if (!replaced.ok) return replaced;
  return { ok: true, message: text('regenerate.done', { name: persona.name }), line: replaced.line, seed };
}
