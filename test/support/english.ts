// What a result's message reads in English, the language tests assert on (as a member whose client is
// in English, or the playground by default, would read it).
import type { Message } from '../../src/core/text.js';
import { translate } from '../../src/i18n/i18n.js';

export const english = (message: Message): string => translate('en', message);

/** A result with its message read in English, to compare whole results. */
export function shown<T extends { message: Message }>(result: T): Omit<T, 'message'> & { message: string } {
  return { ...result, message: english(result.message) };
}
