// The process logger. Secrets are redacted by path; redact paths are constants, never user input.
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

export function createLogger(
  level: LoggerOptions['level'] = 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { app: 'troupe' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
