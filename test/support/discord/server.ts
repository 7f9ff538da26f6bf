// A local Discord-compatible server for tests: REST under /api/v10 and the gateway WebSocket on one
// loopback port, plus the driver API tests use to build a world, act as people, and read back what the
// bot did. Point discord.js at it with `rest: { api: server.apiUrl }`; discovery of the gateway and
// resumes follow from GET /gateway/bot and READY's resume_gateway_url.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ServerContext, DiscordServerOptions } from './context.js';
import { DEFAULT_OPTIONS } from './context.js';
import type { ErrorInjection, RateLimitInjection } from './faults.js';
import { Faults } from './faults.js';
import { Gateway } from './gateway.js';
import type {
  AutocompleteInput,
  CommandInput,
  ComponentInput,
  InteractionHandle,
  ModalInput,
} from './interactions.js';
import { autocomplete, invokeCommand, submitModal, useComponent } from './interactions.js';
import type { DmInput, UserSaysInput } from './people.js';
import { deleteMessage, dm, editMessage, userSays, userTyping } from './people.js';
import type { InteractionResponse, RecordedRequest, TypingEvent, WebhookExecution } from './recorder.js';
import { Recorder } from './recorder.js';
import { handleHttp } from './rest.js';
import { DiscordState } from './state.js';
import type { RecordedMessage } from './state.js';
import { seed } from './seed.js';
import type { Seeded, SeedInput } from './seed.js';
import * as world from './world.js';

export class DiscordTestServer {
  readonly state = new DiscordState();
  private readonly recorder = new Recorder();
  private readonly faults = new Faults();
  private readonly gateway: Gateway;
  private readonly ctx: ServerContext;
  private readonly http: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(options: DiscordServerOptions = {}) {
    const resolved = { ...DEFAULT_OPTIONS, ...options };
    this.gateway = new Gateway(this.state, {
      heartbeatIntervalMs: resolved.heartbeatIntervalMs,
      maxGuildsPerShard: resolved.maxGuildsPerShard,
      url: () => this.gatewayUrl,
      onChange: () => this.recorder.changed(),
    });
    this.ctx = {
      state: this.state,
      gateway: this.gateway,
      recorder: this.recorder,
      options: resolved,
      baseUrl: () => `http://127.0.0.1:${this.port}`,
      gatewayUrl: () => this.gatewayUrl,
    };
    this.http = createServer((req, res) => {
      // handleHttp answers every error itself; this only catches a broken connection mid-request.
      handleHttp(this.ctx, this.faults, req, res).catch(() => res.destroy());
    });
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.http.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname === '/gateway') {
        this.gateway.handleUpgrade(req, socket, head);
      } else socket.destroy();
    });
  }

  /** Listens on 127.0.0.1 on a free port (loopback only). */
  async start(): Promise<{ apiUrl: string; gatewayUrl: string }> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    return { apiUrl: this.apiUrl, gatewayUrl: this.gatewayUrl };
  }

  /** Closes the gateway sockets and the HTTP server. Destroy discord.js clients first (feasibility §5.11). */
  async close(): Promise<void> {
    await this.gateway.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** For discord.js's `rest.api` (no version: it appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  // ── Building the world ───────────────────────────────────────────────────────────────────────────
  createBot = (input?: world.CreateBotInput): world.FakeBot => world.createBot(this.ctx, input);
  createUser = (input: { username: string; globalName?: string; locale?: string }) =>
    world.createUser(this.ctx, input);
  createGuild = (input?: world.CreateGuildInput) => world.createGuild(this.ctx, input);
  createRole = (
    guildId: string,
    input: { name: string; permissions?: world.PermissionInput; mentionable?: boolean },
  ) => world.createRole(this.ctx, guildId, input);
  addMember = (guildId: string, userId: string, input?: world.AddMemberInput) =>
    world.addMember(this.ctx, guildId, userId, input);
  setMemberRoles = (guildId: string, userId: string, roleIds: string[]): void =>
    world.setMemberRoles(this.ctx, guildId, userId, roleIds);
  setRolePermissions = (roleId: string, permissions: world.PermissionInput): void =>
    world.setRolePermissions(this.ctx, roleId, permissions);
  createChannel = (guildId: string, input?: world.CreateChannelInput) =>
    world.createChannel(this.ctx, guildId, input);
  createThread = (parentId: string, input?: world.CreateThreadInput) =>
    world.createThread(this.ctx, parentId, input);
  setPermissionOverwrite = (channelId: string, input: world.OverwriteInput): void =>
    world.setPermissionOverwrite(this.ctx, channelId, input);
  /** Deletes a webhook behind the bot's back; its next use gets 404 10015 Unknown Webhook. */
  deleteWebhook = (webhookId: string): void => world.deleteWebhook(this.ctx, webhookId);
  /** Which privileged intents the app has switched on; asking for others closes the gateway with 4014. */
  setAllowedPrivilegedIntents = (botUserId: string, intents: number): void => {
    const bot = this.state.bots.get(botUserId);
    if (!bot) throw new Error(`No bot ${botUserId}`);
    bot.allowedPrivilegedIntents = intents;
  };
  /** A bot, a guild with a text channel, and people in it: the usual starting point. */
  seed = (input?: SeedInput): Seeded => seed(this.ctx, input);

  // ── People ───────────────────────────────────────────────────────────────────────────────────────
  userSays = (input: UserSaysInput): RecordedMessage => userSays(this.ctx, input);
  editMessage = (messageId: string, content: string): RecordedMessage =>
    editMessage(this.ctx, messageId, content);
  deleteMessage = (messageId: string): void => deleteMessage(this.ctx, messageId);
  dm = (input: DmInput): RecordedMessage => dm(this.ctx, input);
  userTyping = (input: { channelId: string; userId: string }): void => userTyping(this.ctx, input);
  invokeCommand = (input: CommandInput): InteractionHandle => invokeCommand(this.ctx, input);
  autocomplete = (input: AutocompleteInput): InteractionHandle => autocomplete(this.ctx, input);
  clickButton = (input: Omit<ComponentInput, 'values'>): InteractionHandle => useComponent(this.ctx, input);
  selectMenu = (input: ComponentInput & { values: string[] }): InteractionHandle =>
    useComponent(this.ctx, input);
  submitModal = (input: ModalInput): InteractionHandle => submitModal(this.ctx, input);

  // ── Gateway and REST trouble ─────────────────────────────────────────────────────────────────────
  /** op 7 Reconnect: the client reconnects and RESUMEs (after @discordjs/ws's fixed ~500 ms). */
  requestReconnect = (botUserId?: string): void => this.gateway.requestReconnect(botUserId);
  /** op 9 Invalid Session; with resumable false the client identifies again. */
  invalidateSession = (botUserId?: string, resumable = false): void =>
    this.gateway.invalidateSession(botUserId, resumable);
  /** Drops the WebSocket with `code` (default 4000, resumable). */
  dropConnection = (botUserId?: string, code?: number): void => this.gateway.disconnect(botUserId, code);
  injectRateLimit = (input: RateLimitInjection): void => this.faults.injectRateLimit(input);
  injectError = (input: ErrorInjection): void => this.faults.injectError(input);
  clearFaults = (): void => this.faults.clear();

  // ── Reading what happened ────────────────────────────────────────────────────────────────────────
  /** Messages in a channel or thread, oldest first: people's, the bot's and webhook posts. */
  messages(channelId: string, { includeDeleted = false, includeEphemeral = false } = {}): RecordedMessage[] {
    return this.state
      .channelMessages(channelId)
      .filter((m) => (includeDeleted || !m.deleted) && (includeEphemeral || !m.ephemeral));
  }
  get webhookExecutions(): readonly WebhookExecution[] {
    return this.recorder.webhookExecutions;
  }
  get requests(): readonly RecordedRequest[] {
    return this.recorder.requests;
  }
  get typingEvents(): readonly TypingEvent[] {
    return this.recorder.typingEvents;
  }
  get gatewayLog() {
    return this.gateway.log;
  }
  interactionResponses = (interactionId: string): InteractionResponse[] =>
    this.recorder.interactionResponses(interactionId);
  registeredCommands = (applicationId: string, guildId?: string) =>
    this.state.commands.get(this.state.commandKey(applicationId, guildId)) ?? [];
  webhooks = (channelId: string) => this.state.channelWebhooks(channelId);

  // ── Waiting ──────────────────────────────────────────────────────────────────────────────────────
  /** Resolves with the probe's first truthy value; re-checked on every change the fake records. */
  waitFor = <T>(probe: () => T | undefined | null | false, timeoutMs = 2000, label?: string): Promise<T> =>
    this.recorder.waitFor(probe, timeoutMs, label);
  waitForMessage = (
    channelId: string,
    predicate: (m: RecordedMessage) => boolean = () => true,
    timeoutMs = 2000,
  ) => this.waitFor(() => this.messages(channelId).find(predicate), timeoutMs, `a message in ${channelId}`);
  waitForWebhookExecution = (predicate: (e: WebhookExecution) => boolean = () => true, timeoutMs = 2000) =>
    this.waitFor(() => this.webhookExecutions.find(predicate), timeoutMs, 'a webhook execution');
  waitForRequest = (predicate: (r: RecordedRequest) => boolean, timeoutMs = 2000) =>
    this.waitFor(() => this.requests.find(predicate), timeoutMs, 'a request');
  waitForTyping = (predicate: (t: TypingEvent) => boolean = () => true, timeoutMs = 2000) =>
    this.waitFor(() => this.typingEvents.find(predicate), timeoutMs, 'a typing event');
  waitForInteractionResponse = (
    interactionId: string,
    predicate: (r: InteractionResponse) => boolean = () => true,
    timeoutMs = 2000,
  ) =>
    this.waitFor(
      () => this.interactionResponses(interactionId).find(predicate),
      timeoutMs,
      `a response to interaction ${interactionId}`,
    );
  /** Resolves once the bot has a live gateway session (READY sent). */
  waitForBotConnected = (botUserId: string, timeoutMs = 2000) =>
    this.waitFor(
      () => this.gateway.connectedBotIds().includes(botUserId),
      timeoutMs,
      `bot ${botUserId} to connect`,
    );
}
