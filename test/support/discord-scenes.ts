// Steps the capability end-to-end tests repeat on Troupe-on-Discord: a fresh channel with a quiet cast
// (so one world serves a whole test file), a person's line and the persona's answer to it (the request
// the model received, the webhook post the channel shows, the stored line), and the private panel an
// interaction answered with, buttons included.
import { expect } from 'vitest';
import type { Line } from '../../src/core/line.js';
import type { RecordedRequest as ModelRequest } from '../../src/model/simulator/request-log.js';
import type { UserRecord, WebhookExecution } from './discord/index.js';
import type { InteractionHandle } from './discord/interactions.js';
import type { TroupeWorld } from './troupe-on-discord.js';
import { waitFor } from './wait-for.js';

export const SESSION_HEADER = 'x-dashscope-aca-session';

export interface ChatMessageBody {
  role: string;
  content: string;
  partial?: boolean;
}

/** A chat-completions body as the simulator received it. */
export type ChatBody = Record<string, unknown> & { model: string; messages: ChatMessageBody[] };

export const isChat = (r: ModelRequest) => r.method === 'POST' && r.path.endsWith('/chat/completions');

/** A new channel in the world's server with these personas cast (no greetings) and no silence nudges. */
export async function sceneChannel(world: TroupeWorld, name: string, personas: string[]): Promise<string> {
  const channel = world.server.createChannel(world.guild.id, { name });
  for (const persona of personas) {
    const added = await world.replyTo(
      world.command(world.mia, 'cast', 'add', { persona, greet: false }, channel.id),
    );
    expect(added.content).toMatch(/joined the scene/);
  }
  await world.replyTo(world.command(world.mia, 'silence', undefined, { off: true }, channel.id));
  return channel.id;
}

/** The model request that carries this person line (by its text), arriving after the call. */
export function requestFor(world: TroupeWorld, text: string, timeoutMs = 5000): Promise<ModelRequest> {
  return world.simulator.waitForRequest(
    (r) => isChat(r) && ((r.body as ChatBody).messages ?? []).some((m) => m.content.endsWith(`: ${text}`)),
    timeoutMs,
  );
}

export interface Exchange {
  request: ModelRequest;
  body: ChatBody;
  /** The persona's webhook post. */
  post: WebhookExecution;
  /** The reply as stored in history. */
  line: Line;
}

/** A person says `text` in the channel; resolves with the request it caused and the reply posted. */
export async function exchange(
  world: TroupeWorld,
  channelId: string,
  text: string,
  user: UserRecord = world.mia,
): Promise<Exchange> {
  const { server } = world;
  const posts = server.webhookExecutions.length;
  const requested = requestFor(world, text);
  server.userSays({ channelId, userId: user.id, content: text });
  const request = await requested;
  const post = await server.waitForWebhookExecution(
    (e) => server.webhookExecutions.indexOf(e) >= posts && e.channelId === channelId && e.status === 200,
    5000,
  );
  const line = await waitFor(
    'the reply in history',
    async () => (await world.history(channelId)).find((l) => l.messageId === post.messageId),
    5000,
  );
  return { request, body: request.body as ChatBody, post, line };
}

export interface Panel {
  content: string;
  ephemeral: boolean;
  /** The message the panel is (for clickButton). */
  messageId: string;
  buttons: Array<{ custom_id: string; label: string }>;
}

/** The private reply (after a defer: its edit) an interaction answered with, and its buttons. */
export async function panelOf(
  world: TroupeWorld,
  handle: InteractionHandle,
  timeoutMs = 5000,
): Promise<Panel> {
  const { server } = world;
  const response = await server.waitForInteractionResponse(
    handle.id,
    (r) => typeof r.data?.content === 'string' && (r.kind === 'callback' || r.kind === 'editOriginal'),
    timeoutMs,
  );
  const rows = (response.data?.components ?? []) as Array<{
    components: Array<{ custom_id: string; label: string }>;
  }>;
  return {
    content: String(response.data?.content),
    ephemeral: server.interactionResponses(handle.id).some((r) => r.kind === 'callback' && r.ephemeral),
    messageId: response.messageId!,
    buttons: rows.flatMap((row) => row.components.map(({ custom_id, label }) => ({ custom_id, label }))),
  };
}

/** Clicks a button as `user`; resolves with what the panel then reads (the click's update or edit). */
export async function click(
  world: TroupeWorld,
  panel: Pick<Panel, 'messageId'>,
  customId: string,
  user: UserRecord = world.mia,
): Promise<{ content: string; components: unknown[] }> {
  const handle = world.server.clickButton({ messageId: panel.messageId, customId, userId: user.id });
  const response = await world.server.waitForInteractionResponse(
    handle.id,
    (r) => typeof r.data?.content === 'string',
    10_000,
  );
  return {
    content: String(response.data?.content),
    components: (response.data?.components ?? []) as unknown[],
  };
}

/** Webhook message edits (PATCH …/webhooks/:id/:token/messages/:messageId) the bot sent, oldest first. */
export function webhookEdits(world: TroupeWorld, messageId?: string) {
  return world.server.requests.filter(
    (r) =>
      r.method === 'PATCH' &&
      /^\/webhooks\/\d+\/[^/]+\/messages\/\d+$/.test(r.path) &&
      (messageId === undefined || r.path.endsWith(`/messages/${messageId}`)),
  );
}

/** What the channel shows for one message now. */
export function shownMessage(world: TroupeWorld, channelId: string, messageId: string) {
  return world.server.messages(channelId).find((m) => m.id === messageId);
}
