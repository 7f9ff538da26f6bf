// The public face of the Discord-compatible test server: import from here in tests.
export { DiscordTestServer } from './server.js';
export type { DiscordServerOptions } from './context.js';
export type { RateLimitInjection, ErrorInjection } from './faults.js';
export type {
  AutocompleteInput,
  CommandInput,
  ComponentInput,
  InteractionHandle,
  ModalInput,
} from './interactions.js';
export type { AttachmentInput, DmInput, UserSaysInput } from './people.js';
export type { InteractionResponse, RecordedRequest, TypingEvent, WebhookExecution } from './recorder.js';
export type { Seeded, SeedInput } from './seed.js';
export type { ChannelRecord, GuildRecord, Pinged, RecordedMessage, RoleRecord, UserRecord } from './state.js';
export type { FakeBot } from './world.js';
export { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './permissions.js';
export { PRIVILEGED_INTENTS } from './gateway.js';
