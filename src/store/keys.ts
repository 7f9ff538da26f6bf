// Every Redis key Troupe uses, built here and nowhere else, so the whole key space can be read in one
// place and a prefix change (or a test's unique prefix) reaches every key.
//
// Redis Cluster: a command or Lua script touching several keys needs them on one slot. All keys of a
// channel share the hash tag `{ch:<channelId>}`, all usage counters (and the spending caps and daily
// spend recorded with them) share `{usage}`, a guild's keys share `{guild:<guildId>}`, so every
// multi-key operation of the stores stays on one slot.
import type { BudgetOwner } from '../core/budget.js';

/** The key builders of one deployment (one prefix). */
export interface Keys {
  /** The prefix every key (except BullMQ's, see `bullPrefix`) starts with. */
  readonly prefix: string;
  /**
   * BullMQ's `prefix` option: `{<prefix>:bull}`. BullMQ builds `<bullPrefix>:<queue>:<suffix>`; the braces
   * make every key of every queue hash to one slot, as BullMQ asks for in a cluster (and as flows across
   * queues require). It does not start with `prefix`: clean it up with its own SCAN `{<prefix>:bull}*`.
   */
  readonly bullPrefix: string;

  /** List: the channel's history, one `Line` as JSON per element, oldest first, capped by `LTRIM`. */
  history(channelId: string): string;
  /** String (integer): the last line `seq` handed out by `INCR`. Survives `clear`, so ids are never reused. */
  seq(channelId: string): string;
  /**
   * String with a TTL: what was done to a person's message before its line was stored (edit and delete
   * events are handled in any order, by any process): `deleted`, or the JSON patch of its latest edit.
   * The history store's append script applies and removes it when the line arrives.
   */
  earlyChange(channelId: string, messageId: string): string;
  /** Hash: personaId → session id (UUID) sent as `x-dashscope-aca-session`. */
  sessions(channelId: string): string;
  /** Hash: personaId → seq of the last line already sent to the persona's long-term-memory session. */
  memCursor(channelId: string): string;
  /** String: JSON of the channel's explicitly set settings (a partial `ChannelSettings`; defaults fill the rest). */
  settings(channelId: string): string;
  /**
   * Hash: the channel's turn state, shared by every process: `requestedSeq` (the highest line a turn was
   * requested for; RedisTurnLedger) and `silenceJob` (the armed silence timer's job id; src/scheduler).
   */
  turn(channelId: string): string;
  /** String: the owner token of the channel's turn lock (SET NX PX), so one turn runs at a time; expires on its own. */
  turnLock(channelId: string): string;
  /**
   * String: JSON of one turn's `TurnRecord` (ports.ts), written before posting so a retried turn never
   * posts twice. Keyed by turn id alone, as `TurnLedger.get` is; turn ids already name their channel.
   */
  turnRecord(turnId: string): string;
  /** String: JSON `{ id, token }` of the channel's webhook. The token is a secret: never log the value. */
  webhook(channelId: string): string;
  /** List: one-time notes `{ id, text }` as JSON, oldest first, for the channel's next posted turn (expires). */
  onceNotes(channelId: string): string;
  /** String (binary): a persona avatar's PNG, by its content hash (src/avatars); no TTL, one per picture. */
  avatar(avatarId: string): string;
  /** String: the avatar id Troupe last gave a persona's own bot (by the bot's user id), so it is set once per picture. */
  botAvatar(botUserId: string): string;
  /** String with a TTL: JSON of a card import waiting for an admin's "replace or keep both" (commands/persona). */
  pendingImport(importId: string): string;
  /** String: JSON of the alternatives last offered for the channel's persona message (expires). */
  alternatives(channelId: string): string;
  /** Hash: the channel's lore entries, entry number → JSON, and `#next` (the last number handed out). */
  channelLore(channelId: string): string;
  /** List: the channel's latest model failures as JSON, newest first, capped. */
  failures(channelId: string): string;
  /**
   * Hash: person id → epoch ms until which that person counts as typing in the channel; the key expires
   * with its latest entry.
   */
  typing(channelId: string): string;
  /**
   * Hash (expires): a person's messages held back while a proxy bot may replace them (`h:<messageId>`),
   * and proxy bots' recent copies (`c:<messageId>`), as JSON; see store/redis-proxy-holds.ts.
   */
  proxyHolds(channelId: string): string;
  /** String with a TTL: set while the channel has recently seen a proxy bot's message. */
  proxySeen(channelId: string): string;
  /** String: the owner token of the lock (SET NX PX) held while one process finds or creates the channel's webhook. */
  webhookLock(channelId: string): string;
  /**
   * String: set (NX, with an expiry) by the first process to handle a gateway event (`m:<messageId>`,
   * `i:<interactionId>`), so processes sharing one bot token turn each event into one line or one answer.
   */
  gatewayEvent(eventId: string): string;

  /** Hash: fields `promptTokens`, `completionTokens`, `cachedTokens`, `requests` for one (guild, channel, persona). */
  usage(guildId: string | undefined, channelId: string, personaId: string): string;
  /** Set: every (guild, channel, persona) with usage, each member the JSON array `[guildId|null, channelId, personaId]`. */
  usageIndex(): string;
  /** Set: the (guild, channel, persona) members of `usageIndex` for one guild, so a guild's totals skip the rest. */
  usageGuildIndex(guildId: string): string;
  /**
   * String: a budget owner's own daily cap (`/budget set`), in integer nano-units of the budget currency.
   * Under the usage tag, so the turn's budget check reads it and the day's spend in one round trip.
   */
  budgetCap(owner: BudgetOwner): string;
  /**
   * Hash with an expiry: a budget owner's estimated spend on one UTC day (`YYYY-MM-DD`), `c:<currency>` →
   * integer nano-units and `unpriced` → requests to models without a price. Under the usage tag, so it is
   * written in the usage record's transaction; it expires a day after its day ends.
   */
  spend(owner: BudgetOwner, day: string): string;

  /** Hash: personaId → persona JSON, a server's own personas. */
  guildPersonas(guildId: string): string;
  /** Hash: the server's lore entries, entry number → JSON, and `#next` (the last number handed out). */
  guildLore(guildId: string): string;
  /** Hash: user id → JSON `PlayerCharacter`, the characters people play in the whole server. */
  guildCharacters(guildId: string): string;
  /** Hash: user id → JSON `PlayerCharacter`, the characters people play in one channel. */
  channelCharacters(channelId: string): string;

  /**
   * String with a TTL: set (NX) by the process that sends an admin notice (a rejected API key per server,
   * the webhook cap per channel…), so the admins are told once per interval.
   */
  noticeGate(noticeKey: string): string;
  /**
   * String with a TTL: set while a member waits before their next retake (/regenerate, /alternatives),
   * in a server (`guildId`) or, outside one, a channel.
   */
  memberCooldown(scope: { guildId?: string | undefined; channelId: string }, memberId: string): string;
  /** String with a TTL: the Discord locale of a person's latest interaction (src/discord/member-locales.ts). */
  memberLocale(userId: string): string;
  /** String with a TTL: the Discord locale of a server admin's latest interaction (member-locales.ts). */
  guildAdminLocale(guildId: string): string;
}

/**
 * An id as a key segment. Ids come from Discord (digits) and persona files (`[a-z0-9-]`), but a brace
 * would move a hash tag and a colon would make two ids read as one key, so both are escaped.
 */
function segment(id: string, what: string): string {
  if (id === '') throw new TypeError(`empty ${what} in a Redis key`);
  return encodeURIComponent(id);
}

/** `g:<guildId>` or `c:<channelId>`: the two kinds of budget owner never share a key. */
function ownerSegment(owner: BudgetOwner): string {
  return owner.kind === 'guild'
    ? `g:${segment(owner.guildId, 'guild id')}`
    : `c:${segment(owner.channelId, 'channel id')}`;
}

export function createKeys(prefix: string): Keys {
  // A brace in the prefix would become the hash tag of every key, putting all channels on one slot.
  if (prefix === '' || /[{}\s]/.test(prefix)) {
    throw new TypeError(`invalid Redis key prefix ${JSON.stringify(prefix)}`);
  }
  const channel = (channelId: string, suffix: string): string =>
    `${prefix}:{ch:${segment(channelId, 'channel id')}}:${suffix}`;
  const guild = (guildId: string, suffix: string): string =>
    `${prefix}:{guild:${segment(guildId, 'guild id')}}:${suffix}`;
  const usageTag = `${prefix}:{usage}`;

  return {
    prefix,
    bullPrefix: `{${prefix}:bull}`,
    history: (channelId) => channel(channelId, 'history'),
    seq: (channelId) => channel(channelId, 'seq'),
    earlyChange: (channelId, messageId) =>
      channel(channelId, `early-change:${segment(messageId, 'message id')}`),
    sessions: (channelId) => channel(channelId, 'sessions'),
    memCursor: (channelId) => channel(channelId, 'memcursor'),
    settings: (channelId) => channel(channelId, 'settings'),
    turn: (channelId) => channel(channelId, 'turn'),
    turnLock: (channelId) => channel(channelId, 'turn-lock'),
    turnRecord: (turnId) => `${prefix}:{turn:${segment(turnId, 'turn id')}}:record`,
    webhook: (channelId) => channel(channelId, 'webhook'),
    onceNotes: (channelId) => channel(channelId, 'once-notes'),
    avatar: (avatarId) => `${prefix}:avatar:${segment(avatarId, 'avatar id')}`,
    botAvatar: (botUserId) => `${prefix}:bot-avatar:${segment(botUserId, 'bot user id')}`,
    pendingImport: (importId) => `${prefix}:pending-import:${segment(importId, 'import id')}`,
    alternatives: (channelId) => channel(channelId, 'alternatives'),
    channelLore: (channelId) => channel(channelId, 'lore'),
    failures: (channelId) => channel(channelId, 'failures'),
    typing: (channelId) => channel(channelId, 'typing'),
    proxyHolds: (channelId) => channel(channelId, 'proxy-holds'),
    proxySeen: (channelId) => channel(channelId, 'proxy-seen'),
    webhookLock: (channelId) => channel(channelId, 'webhook-lock'),
    gatewayEvent: (eventId) => `${prefix}:{event:${segment(eventId, 'event id')}}`,
    // Outside a guild (DMs, the terminal) the guild part is left out rather than given a made-up id
    // that a real guild could also have.
    usage: (guildId, channelId, personaId) =>
      `${usageTag}${guildId === undefined ? '' : `:g:${segment(guildId, 'guild id')}`}` +
      `:c:${segment(channelId, 'channel id')}:p:${segment(personaId, 'persona id')}`,
    usageIndex: () => `${usageTag}:index`,
    usageGuildIndex: (guildId) => `${usageTag}:index:g:${segment(guildId, 'guild id')}`,
    budgetCap: (owner) => `${usageTag}:budget:${ownerSegment(owner)}`,
    spend: (owner, day) => `${usageTag}:spend:${ownerSegment(owner)}:d:${segment(day, 'day')}`,
    guildPersonas: (guildId) => guild(guildId, 'personas'),
    guildLore: (guildId) => guild(guildId, 'lore'),
    guildCharacters: (guildId) => guild(guildId, 'characters'),
    channelCharacters: (channelId) => channel(channelId, 'characters'),
    noticeGate: (noticeKey) => `${prefix}:notice-gate:${segment(noticeKey, 'notice key')}`,
    memberCooldown: (scope, memberId) => {
      const member = `cooldown:${segment(memberId, 'member id')}`;
      return scope.guildId === undefined ? channel(scope.channelId, member) : guild(scope.guildId, member);
    },
    memberLocale: (userId) => `${prefix}:member-locale:${segment(userId, 'user id')}`,
    guildAdminLocale: (guildId) => guild(guildId, 'admin-locale'),
  };
}
