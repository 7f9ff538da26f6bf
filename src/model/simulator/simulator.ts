// The offline Qwen-Character simulator: a local HTTP server (node:http) speaking DashScope's
// OpenAI-compatible chat-completions protocol well enough for every test and for demos without an API
// key. Point the openai SDK (or QwenChatModel) at `sim.url`. Programmable latency, faults and scripted
// replies; every request is recorded.
//
//   POST /v1/chat/completions, /compatible-mode/v1/chat/completions
//   GET  /v1/models, /compatible-mode/v1/models
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../core/ports.js';
import { SESSION_HEADER } from '../wire-request.js';
import { completeChat, type ReplyScript } from './complete-chat.js';
import type { Quirks } from './compose-reply.js';
import * as errors from './error-bodies.js';
import { answerBug, BodyTooLarge, modelList, parseBody, readBody, writeJson } from './http-io.js';
import { FaultQueue, type Fault, type FaultOptions } from './faults.js';
import { MemorySessions, type MemorySession } from './memory-sessions.js';
import { PrefixCache } from './prefix-cache.js';
import { RequestLog, recordHeaders, type RecordedRequest } from './request-log.js';
import { defaultInputLimit, validateChatBody } from './validate-request.js';

export interface SimulatorOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** When set, only `Authorization: Bearer <apiKey>` is accepted (else 401 invalid_api_key). */
  apiKey?: string;
  /** Timestamps, `created` and what `enable_realtime` replies say the date is. @defaultValue systemClock */
  clock?: Clock;
  /** Delay before every answer, ms. @defaultValue 0 */
  latencyMs?: number;
  script?: ReplyScript;
  quirks?: Quirks;
}

export interface Simulator {
  /** Base URL for the openai SDK, ending in `/v1`. */
  readonly url: string;
  /** The same server under DashScope's path, ending in `/compatible-mode/v1`. */
  readonly compatibleModeUrl: string;
  readonly port: number;
  /** Every request so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  lastRequest(): RecordedRequest | undefined;
  /** Forgets recorded requests. */
  clear(): void;
  /** Back to a fresh server: requests, faults, latency, script, quirks, session cache and memory. */
  reset(): void;
  /** The next request (arriving after the call) matching `predicate`. @defaultValue timeoutMs 5_000 */
  waitForRequest(
    predicate?: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  setLatency(ms: number): void;
  injectFault(fault: Fault, options?: FaultOptions): void;
  setScript(script: ReplyScript | undefined): void;
  setQuirks(quirks: Quirks | undefined): void;
  /**
   * A lower input limit for a model (a server that tightened its limit, or counts differently), in
   * tokens; undefined goes back to the model's own. Reset by `reset()`.
   */
  setInputLimit(model: string, maxInputTokens: number | undefined): void;
  /** What long-term memory stored for a session, turn by turn. */
  memorySession(sessionId: string): MemorySession | undefined;
  close(): Promise<void>;
}

const CHAT_PATHS = new Set(['/v1/chat/completions', '/compatible-mode/v1/chat/completions']);
const MODELS_PATHS = new Set(['/v1/models', '/compatible-mode/v1/models']);

class SimulatorServer implements Simulator {
  private readonly server: Server;
  private readonly log = new RequestLog();
  private readonly faults = new FaultQueue();
  private readonly prefixCache = new PrefixCache();
  private readonly memory = new MemorySessions();
  private readonly clock: Clock;
  private latencyMs: number;
  private script: ReplyScript | undefined;
  private quirks: Quirks | undefined;
  private readonly inputLimits = new Map<string, number>();
  private origin = '';
  private boundPort = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.latencyMs = options.latencyMs ?? 0;
    this.script = options.script;
    this.quirks = options.quirks;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => answerBug(res, err));
    });
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.origin = `http://${host.includes(':') ? `[${host}]` : host}:${this.boundPort}`;
  }

  get url(): string {
    return `${this.origin}/v1`;
  }

  get compatibleModeUrl(): string {
    return `${this.origin}/compatible-mode/v1`;
  }

  get port(): number {
    return this.boundPort;
  }

  get requests(): readonly RecordedRequest[] {
    return this.log.all;
  }

  lastRequest(): RecordedRequest | undefined {
    return this.log.last();
  }

  clear(): void {
    this.log.clear();
  }

  reset(): void {
    this.log.clear();
    this.faults.clear();
    this.prefixCache.clear();
    this.memory.clear();
    this.latencyMs = this.options.latencyMs ?? 0;
    this.script = this.options.script;
    this.quirks = this.options.quirks;
    this.inputLimits.clear();
  }

  waitForRequest(
    predicate?: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest> {
    return this.log.next(predicate, timeoutMs);
  }

  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('latency must be >= 0 ms');
    this.latencyMs = ms;
  }

  injectFault(fault: Fault, options?: FaultOptions): void {
    this.faults.add(fault, options);
  }

  setScript(script: ReplyScript | undefined): void {
    this.script = script;
  }

  setQuirks(quirks: Quirks | undefined): void {
    this.quirks = quirks;
  }

  setInputLimit(model: string, maxInputTokens: number | undefined): void {
    if (maxInputTokens === undefined) this.inputLimits.delete(model);
    else this.inputLimits.set(model, maxInputTokens);
  }

  memorySession(sessionId: string): MemorySession | undefined {
    return this.memory.get(sessionId);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      // Hanging `timeout` faults and keep-alive sockets would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        this.send(res, undefined, errors.invalidParameter('Request body too large.', null), 413);
      else req.socket.destroy();
      return;
    }
    const { body, json } = parseBody(text);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: recordHeaders(req.headers),
      body,
      at: this.clock.now(),
    };
    this.log.add(recorded);

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (res.destroyed) return;

    const isChat = CHAT_PATHS.has(path) && req.method === 'POST';
    const isModels = MODELS_PATHS.has(path) && req.method === 'GET';
    if (!isChat && !isModels) return this.send(res, recorded, errors.notFound(`${req.method} ${path}`));
    if (!this.authorized(req.headers.authorization)) return this.send(res, recorded, errors.invalidApiKey());
    if (isModels) return this.sendJson(res, recorded, 200, modelList(this.clock.now()));

    const fault = this.faults.take(recorded);
    if (fault) return this.applyFault(fault, req, res, recorded);
    if (!json) {
      return this.send(
        res,
        recorded,
        errors.invalidParameter('Required body invalid, please check the request body format.', null),
      );
    }
    const sessionId = req.headers[SESSION_HEADER];
    const session = typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined;
    const validation = validateChatBody(
      body,
      session,
      (model) => this.inputLimits.get(model) ?? defaultInputLimit(model),
    );
    if (!validation.ok && 'maxInputTokens' in validation)
      return this.send(res, recorded, errors.inputTooLong(validation.maxInputTokens));
    if (!validation.ok)
      return this.send(res, recorded, errors.invalidParameter(validation.message, validation.param));
    const completion = completeChat(validation.body, session, {
      clock: this.clock,
      prefixCache: this.prefixCache,
      memory: this.memory,
      script: this.script,
      quirks: this.quirks,
    });
    this.sendJson(res, recorded, 200, completion);
  }

  private authorized(header: string | undefined): boolean {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (!token) return false;
    return this.options.apiKey === undefined || token === this.options.apiKey;
  }

  private applyFault(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    recorded: RecordedRequest,
  ): void {
    switch (fault.kind) {
      case '429':
        return this.send(res, recorded, errors.rateLimited(fault));
      case '500':
        return this.send(res, recorded, errors.internalError(fault.status ?? 500));
      case 'moderation':
        return this.send(res, recorded, errors.moderationFailed());
      case 'invalid-key':
        return this.send(res, recorded, errors.invalidApiKey());
      case 'account':
        return this.send(res, recorded, errors.ACCOUNT_ERRORS[fault.error]());
      case 'disconnect':
        req.socket.destroy();
        return;
      case 'timeout':
        // Deliberately never answered; the socket closes when the client gives up or on close().
        return;
    }
  }

  private send(
    res: ServerResponse,
    recorded: RecordedRequest | undefined,
    error: errors.SimErrorResponse,
    status?: number,
  ): void {
    this.sendJson(res, recorded, status ?? error.status, error.body, error.headers);
  }

  private sendJson(
    res: ServerResponse,
    recorded: RecordedRequest | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (recorded) recorded.response = { status, body };
    writeJson(res, status, body, headers);
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = new SimulatorServer(options);
  await simulator.listen();
  return simulator;
}
