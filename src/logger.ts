// The process logger. Secrets are redacted by path; redact paths are constants, never user input. A
// logged error (`{ err }`) never carries a Discord token either: discord.js's REST errors keep the
// request's URL, whose path holds a webhook's or an interaction's token, and its body (message text,
// which is logged at debug only), so the error serializer cuts the tokens out and drops the body.
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export const REDACT_PATHS = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'webhookUrl',
  '*.webhookUrl',
  'config.DISCORD_TOKEN',
  'config.DASHSCOPE_API_KEY',
];

/** Discord paths whose second segment is a secret: `/webhooks/<id>/<token>`, `/interactions/<id>/<token>`. */
const TOKEN_IN_PATH = /\/(webhooks|interactions)\/(\d+)\/[^\s?/#]+/g;

/** `text` with every webhook and interaction token in a Discord URL or path replaced by `…`. */
export function redactDiscordTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, '/$1/$2/…');
}

/** How deep a logged error's fields are searched for tokens (causes, aggregated errors, raw bodies). */
const MAX_ERROR_DEPTH = 4;

/** A copy of a serialized error's value with tokens cut out of its strings and request bodies dropped. */
function withoutSecrets(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactDiscordTokens(value);
  if (typeof value !== 'object' || value === null || depth > MAX_ERROR_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== 'requestBody') copy[key] = withoutSecrets(field, depth + 1);
  }
  return copy;
}

/** pino's error serializer, then no Discord token and no request body (see the header). */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  return withoutSecrets(pino.stdSerializers.err(err), 0);
}

export function createLogger(
  level: LoggerOptions['level'] = 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { app: 'troupe' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
