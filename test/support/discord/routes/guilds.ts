// Guild reads a bot makes: the guild, its channels, roles, members and active threads. A bot that is not
// in the guild gets 403 Missing Access, as on Discord.
import type { GuildRecord } from '../state.js';
import { missingAccess } from '../errors.js';
import type { Route, RouteRequest } from '../http.js';
import { ok, requireBot } from '../http.js';
import { apiChannel, apiGuild, apiMember, apiRole } from '../payloads.js';
import { ErrorCode, notFound } from '../errors.js';

function guildOf(req: RouteRequest): GuildRecord {
  const bot = requireBot(req);
  const guild = req.ctx.state.guild(req.params.guildId ?? '');
  if (!req.ctx.state.member(guild.id, bot.userId)) throw missingAccess();
  return guild;
}

export const guildRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId',
    auth: 'bot',
    handle: (req) => {
      const guild = guildOf(req);
      const counts =
        req.query.get('with_counts') === 'true'
          ? {
              approximate_member_count: req.ctx.state.guildMembers(guild.id).length,
              approximate_presence_count: 0,
            }
          : {};
      return ok({ ...apiGuild(req.ctx.state, guild), ...counts });
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/channels',
    auth: 'bot',
    handle: (req) => {
      const guild = guildOf(req);
      return ok(
        req.ctx.state.guildChannels(guild.id, { threads: false }).map((c) => apiChannel(req.ctx.state, c)),
      );
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/threads/active',
    auth: 'bot',
    handle: (req) => {
      const guild = guildOf(req);
      const threads = req.ctx.state.guildChannels(guild.id, { threads: true }).filter((t) => !t.archived);
      return ok({ threads: threads.map((t) => apiChannel(req.ctx.state, t)), members: [] });
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/roles',
    auth: 'bot',
    handle: (req) => ok(req.ctx.state.guildRoles(guildOf(req).id).map(apiRole)),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/members/:userId',
    auth: 'bot',
    handle: (req) => {
      const guild = guildOf(req);
      const member = req.ctx.state.member(guild.id, req.params.userId ?? '');
      if (!member) throw notFound(ErrorCode.UnknownMember, 'Member');
      return ok(apiMember(req.ctx.state, member));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/members',
    auth: 'bot',
    handle: (req) => {
      const guild = guildOf(req);
      const limit = Math.min(Number(req.query.get('limit') ?? 1), 1000);
      const after = BigInt(req.query.get('after') ?? '0');
      const members = req.ctx.state
        .guildMembers(guild.id)
        .filter((m) => BigInt(m.userId) > after)
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit);
      return ok(members.map((m) => apiMember(req.ctx.state, m)));
    },
  },
];
