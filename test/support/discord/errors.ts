// Discord's JSON error bodies ({ code, message, errors? }). Route handlers throw a DiscordError and the
// HTTP layer turns it into the response, so a handler reads as the happy path plus its refusals.

/** The JSON error codes the fake produces (Discord's numbering). */
export const ErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownRole: 10011,
  UnknownUser: 10013,
  UnknownWebhook: 10015,
  UnknownApplicationCommand: 10063,
  UnknownInteraction: 10062,
  UnknownApplication: 10002,
  MaxWebhooks: 30007,
  Unauthorized: 40001,
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  MissingPermissions: 50013,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
} as const;

/** One field's errors in Discord's nested `errors` object, e.g. `{ name: { _errors: [...] } }`. */
export interface FieldError {
  code: string;
  message: string;
}

export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DiscordError';
  }

  toJSON(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

/** 400 Invalid Form Body with one error on one (possibly dotted) field, as Discord nests them. */
export function invalidForm(field: string, error: FieldError): DiscordError {
  const errors: Record<string, unknown> = {};
  let node = errors;
  const parts = field.split('.');
  parts.forEach((part, i) => {
    const child: Record<string, unknown> = i === parts.length - 1 ? { _errors: [error] } : {};
    node[part] = child;
    node = child;
  });
  return new DiscordError(400, ErrorCode.InvalidFormBody, 'Invalid Form Body', errors);
}

export const notFound = (code: number, what: string): DiscordError =>
  new DiscordError(404, code, `Unknown ${what}`);

export const missingPermissions = (): DiscordError =>
  new DiscordError(403, ErrorCode.MissingPermissions, 'Missing Permissions');

export const missingAccess = (): DiscordError =>
  new DiscordError(403, ErrorCode.MissingAccess, 'Missing Access');

export const unauthorized = (): DiscordError => new DiscordError(401, ErrorCode.General, '401: Unauthorized');
