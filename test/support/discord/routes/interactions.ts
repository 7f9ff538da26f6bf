// The bot's side of an interaction: the one initial callback (4 reply, 5 deferred, 6 deferred update,
// 7 update, 8 autocomplete choices, 9 modal) within the deadline (3 s on Discord, else 10062), with
// `?with_response=true` answered by the callback response object; then follow-ups and edits of
// `@original` through `/webhooks/{applicationId}/{token}` for the token's lifetime (15 min).
import { InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { DiscordError, ErrorCode, invalidForm, notFound } from '../errors.js';
import type { Route, RouteRequest, RouteResult } from '../http.js';
import { noContent, ok } from '../http.js';
import { interactionMetadata } from '../interactions.js';
import { createMessage, removeMessage, updateMessage } from '../messages.js';
import { apiMessage, apiUser } from '../payloads.js';
import type { InteractionRecord, RecordedMessage } from '../state.js';
import { messagePatch } from './messages.js';
import { validateModal } from './modal-rules.js';

const MAX_CHOICES = 25;

/** Which callback types each interaction type accepts. */
const ALLOWED: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function respond(
  req: RouteRequest,
  interaction: InteractionRecord,
  type: number,
  data: Record<string, unknown>,
): RecordedMessage | undefined {
  const { ctx } = req;
  const ephemeral = (Number(data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const reply = (content: Record<string, unknown>, loading: boolean): RecordedMessage => {
    const patch = messagePatch(content);
    return createMessage(ctx, {
      channelId: interaction.channelId,
      author: apiUser(ctx.state.user(ctx.state.botByApplication(interaction.applicationId)?.userId ?? '')),
      sender: 'interaction',
      content: patch.content ?? '',
      embeds: patch.embeds ?? [],
      components: patch.components ?? [],
      files: req.files,
      flags: (patch.flags ?? 0) | (loading ? MessageFlags.Loading : 0),
      ephemeral,
      webhookId: interaction.applicationId,
      applicationId: interaction.applicationId,
      type:
        interaction.type === InteractionType.ApplicationCommand
          ? MessageType.ChatInputCommand
          : MessageType.Default,
      interactionMetadata: interactionMetadata(ctx, interaction),
      ...(patch.allowedMentions ? { allowedMentions: patch.allowedMentions } : {}),
      ...(loading ? { allowEmpty: true } : {}),
    });
  };
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
      return reply(data, false);
    case InteractionResponseType.DeferredChannelMessageWithSource:
      return reply({ flags: data.flags ?? 0 }, true);
    case InteractionResponseType.DeferredMessageUpdate:
      return interaction.sourceMessageId ? ctx.state.message(interaction.sourceMessageId) : undefined;
    case InteractionResponseType.UpdateMessage: {
      if (!interaction.sourceMessageId)
        throw invalidForm('type', {
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: 'No message to update',
        });
      const source = ctx.state.message(interaction.sourceMessageId);
      return updateMessage(ctx, source, { ...messagePatch(data), files: req.files });
    }
    case InteractionResponseType.ApplicationCommandAutocompleteResult: {
      const choices = (data.choices as unknown[] | undefined) ?? [];
      if (choices.length > MAX_CHOICES) {
        throw invalidForm('data.choices', {
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${MAX_CHOICES} or fewer in length.`,
        });
      }
      return undefined;
    }
    case InteractionResponseType.Modal:
      validateModal(data);
      interaction.modal = data;
      return undefined;
    default:
      throw invalidForm('type', {
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of ${ALLOWED[interaction.type]?.join(', ')}.`,
      });
  }
}

function callback(req: RouteRequest): RouteResult {
  const { ctx } = req;
  const interaction = ctx.state.interaction(req.params.interactionId ?? '', req.params.token ?? '');
  if (Date.now() - interaction.createdAtMs > ctx.options.interactionDeadlineMs) {
    throw new DiscordError(404, ErrorCode.UnknownInteraction, 'Unknown interaction');
  }
  if (interaction.callbackType !== undefined) {
    throw new DiscordError(
      400,
      ErrorCode.InteractionAlreadyAcknowledged,
      'Interaction has already been acknowledged.',
    );
  }
  const type = Number(req.body.type);
  if (!ALLOWED[interaction.type]?.includes(type)) {
    throw invalidForm('type', {
      code: 'INTERACTION_RESPONSE_TYPE_INVALID',
      message: `Callback type ${type} is not valid for this interaction`,
    });
  }
  const data = (req.body.data ?? {}) as Record<string, unknown>;
  const message = respond(req, interaction, type, data);
  interaction.callbackType = type;
  if (message) interaction.originalMessageId = message.id;
  ctx.recorder.addInteractionResponse(interaction.id, {
    kind: 'callback',
    type,
    data,
    ephemeral: (Number(data.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
    ...(message ? { messageId: message.id } : {}),
  });
  if (req.query.get('with_response') !== 'true') return noContent();
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
            response_message_ephemeral: message.ephemeral,
          }
        : {}),
    },
    resource: {
      type,
      ...(message && type !== InteractionResponseType.DeferredMessageUpdate
        ? { message: apiMessage(message) }
        : {}),
    },
  });
}

/** The interaction behind `/webhooks/{applicationId}/{token}`, still within its token lifetime. */
function liveInteraction(req: RouteRequest, interaction: InteractionRecord): InteractionRecord {
  if (Date.now() - interaction.createdAtMs > req.ctx.options.interactionTokenTtlMs) {
    throw new DiscordError(401, ErrorCode.InvalidWebhookToken, 'Invalid Webhook Token');
  }
  // Before the initial response there is no interaction webhook yet.
  if (interaction.callbackType === undefined) throw notFound(ErrorCode.UnknownWebhook, 'Webhook');
  return interaction;
}

function targetMessage(req: RouteRequest, interaction: InteractionRecord): RecordedMessage {
  const id = req.params.messageId === '@original' ? interaction.originalMessageId : req.params.messageId;
  const message = id ? req.ctx.state.messages.get(id) : undefined;
  const ours =
    message &&
    (message.id === interaction.originalMessageId || message.interaction_metadata?.id === interaction.id);
  if (!message || message.deleted || !ours) throw notFound(ErrorCode.UnknownMessage, 'Message');
  return message;
}

export function interactionFollowup(req: RouteRequest, record: InteractionRecord): RouteResult {
  const interaction = liveInteraction(req, record);
  const data = req.body;
  const ephemeral = (Number(data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const patch = messagePatch(data);
  const message = createMessage(req.ctx, {
    channelId: interaction.channelId,
    author: apiUser(
      req.ctx.state.user(req.ctx.state.botByApplication(interaction.applicationId)?.userId ?? ''),
    ),
    sender: 'interaction',
    content: patch.content ?? '',
    embeds: patch.embeds ?? [],
    components: patch.components ?? [],
    files: req.files,
    flags: (patch.flags ?? 0) & ~MessageFlags.Ephemeral,
    ephemeral,
    webhookId: interaction.applicationId,
    applicationId: interaction.applicationId,
    interactionMetadata: interactionMetadata(req.ctx, interaction),
    ...(patch.allowedMentions ? { allowedMentions: patch.allowedMentions } : {}),
  });
  req.ctx.recorder.addInteractionResponse(interaction.id, {
    kind: 'followup',
    data,
    ephemeral,
    messageId: message.id,
  });
  return ok(apiMessage(message));
}

export function interactionGetMessage(req: RouteRequest, record: InteractionRecord): RouteResult {
  return ok(apiMessage(targetMessage(req, liveInteraction(req, record))));
}

export function interactionEditMessage(req: RouteRequest, record: InteractionRecord): RouteResult {
  const interaction = liveInteraction(req, record);
  const message = targetMessage(req, interaction);
  const original = req.params.messageId === '@original';
  const patch = messagePatch(req.body);
  // Editing a deferred reply replaces the "thinking…" state.
  const flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  updateMessage(req.ctx, message, {
    ...patch,
    files: req.files,
    flags: (patch.flags ?? flags) & ~MessageFlags.Ephemeral,
  });
  req.ctx.recorder.addInteractionResponse(interaction.id, {
    kind: original ? 'editOriginal' : 'editFollowup',
    data: req.body,
    ephemeral: message.ephemeral,
    messageId: message.id,
  });
  return ok(apiMessage(message));
}

export function interactionDeleteMessage(req: RouteRequest, record: InteractionRecord): RouteResult {
  const interaction = liveInteraction(req, record);
  const message = targetMessage(req, interaction);
  removeMessage(req.ctx, message);
  req.ctx.recorder.addInteractionResponse(interaction.id, {
    kind: req.params.messageId === '@original' ? 'deleteOriginal' : 'deleteFollowup',
    ephemeral: message.ephemeral,
    messageId: message.id,
  });
  return noContent();
}

export const interactionRoutes: Route[] = [
  { method: 'POST', pattern: '/interactions/:interactionId/:token/callback', auth: 'none', handle: callback },
];
