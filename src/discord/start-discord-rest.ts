// A worker process on Discord: no gateway session at all (no IDENTIFY, no shard, no events), only REST
// with the bot's token, which is all a turn needs: typing, posting through the channel's webhook (found
// or created over REST), a persona's own bot posting as itself, admin notices. The gateway process holds
// the sessions, shows the personas' bots online and answers slash commands.
import type { CoreLogger } from '../core/ports.js';
import { DiscordLoginError } from './discord-client.js';
import type { DiscordConnection } from './discord-connection.js';
import { DiscordPostError, sanitizePostError } from './post-errors.js';

export async function startDiscordRest(
  connection: DiscordConnection,
  /** The main bot's token. A secret: never logged. */
  token: string,
  log: CoreLogger,
): Promise<void> {
  connection.client.rest.setToken(token);
  let ids;
  try {
    // Learns the application id our webhooks carry, and proves the token works before any turn runs.
    ids = await connection.identity.fetch();
  } catch (err) {
    const refused = sanitizePostError(err, 'GET /applications/@me');
    throw new DiscordLoginError(
      refused instanceof DiscordPostError && refused.status === 401
        ? 'Discord rejected the token of the main bot (401): copy a fresh one from the Developer Portal.'
        : `Discord did not answer the main bot over REST: ${refused.message}`,
    );
  }
  await connection.personaBots.authorizeRest(log);
  log.info({ applicationId: ids.applicationId }, 'on Discord over REST only (worker: no gateway session)');
}
