// Whom a PluralKit copy replies to, read from its reply embed (its author name ends in "↩️", its
// description links the replied-to message); any other embed, or a link elsewhere, names nobody.
import type { Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { quotedMessageId } from '../../../src/discord/proxy-reply.js';

type Embed = { author?: { name: string }; description?: string };
const copy = (embeds: Embed[], channelId = '200') =>
  ({ channelId, embeds }) as unknown as Pick<Message, 'embeds' | 'channelId'>;
const link = (channelId: string, messageId: string, host = 'discord.com') =>
  `https://${host}/channels/100/${channelId}/${messageId}`;

describe('quotedMessageId', () => {
  it("GIVEN PluralKit's reply embed THEN the replied-to message, text or attachment alike", () => {
    const mark = 'Ling Lu\u2004\u21a9\ufe0f';
    expect(
      quotedMessageId(
        copy([{ author: { name: mark }, description: `**[Reply to:](${link('200', '300')})** the storm…` }]),
      ),
    ).toBe('300');
    expect(
      quotedMessageId(
        copy([
          {
            author: { name: mark },
            description: `*[(click to see attachment)](${link('200', '301', 'ptb.discord.com')})*`,
          },
        ]),
      ),
    ).toBe('301');
  });

  it('GIVEN no reply embed, a link to another channel, or a link the person wrote THEN nobody', () => {
    expect(quotedMessageId(copy([]))).toBeUndefined();
    const mark = 'Mia\u2004\u21a9\ufe0f';
    expect(
      quotedMessageId(
        copy([{ author: { name: mark }, description: `**[Reply to:](${link('999', '300')})** x` }]),
      ),
    ).toBeUndefined();
    expect(
      quotedMessageId(copy([{ description: `**[Reply to:](${link('200', '300')})** x` }])),
    ).toBeUndefined();
    expect(
      quotedMessageId(
        copy([{ author: { name: 'A title' }, description: `see [this](${link('200', '300')})` }]),
      ),
    ).toBeUndefined();
  });
});
