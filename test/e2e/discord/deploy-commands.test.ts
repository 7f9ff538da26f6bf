// `npm run commands:deploy` as an operator runs it: the script, in its own process, registers every
// slash command with the bot's application, to one server when DISCORD_GUILD_ID is set and globally
// otherwise, reading the application id from Discord when DISCORD_APP_ID is not given; the definitions
// carry their Chinese and Japanese names and descriptions.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { DiscordTestServer, type Seeded } from '../../support/discord/index.js';

let server: DiscordTestServer;
let world: Seeded;

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
  world = server.seed();
});
afterEach(() => server.close());

function deploy(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy-commands.ts'], {
    env: { PATH: process.env.PATH, ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

const names = COMMANDS.map((c) => c.data.name).sort();

it('GIVEN DISCORD_GUILD_ID THEN every command is registered to that server only', async () => {
  const { code, out } = await deploy({
    DISCORD_TOKEN: world.bot.token,
    DISCORD_API_URL: server.apiUrl,
    DISCORD_GUILD_ID: world.guild.id,
  });
  expect(out).toMatch(new RegExp(`^Deployed ${names.length} commands to server ${world.guild.id}`));
  expect(code).toBe(0);
  const registered = server.registeredCommands(world.bot.applicationId, world.guild.id);
  expect(registered.map((c) => c.name).sort()).toEqual(names);
  expect(registered.find((c) => c.name === 'reset')?.default_member_permissions).toBe('32'); // Manage Server
  expect(server.registeredCommands(world.bot.applicationId)).toEqual([]);
  // What a member with a Chinese or Japanese client sees in the command picker.
  const cast = registered.find((c) => c.name === 'cast');
  expect(cast?.name_localizations).toEqual({ 'zh-CN': '阵容', 'zh-TW': '陣容', ja: '出演' });
  expect(cast?.options?.find((o) => o.name === 'add')?.description_localizations?.ja).toBe(
    'キャラクターを場面に呼ぶ。まずあいさつする（管理者）',
  );
  const scope = registered.find((c) => c.name === 'usage')?.options?.find((o) => o.name === 'scope') as {
    choices?: { value: string; name_localizations?: object }[];
  };
  expect(scope.choices?.find((c) => c.value === 'server')?.name_localizations).toEqual({
    'zh-CN': '整个服务器',
    'zh-TW': '整個伺服器',
    ja: 'サーバー全体',
  });
  for (const command of registered) {
    expect(Object.keys(command.name_localizations ?? {}).sort(), command.name).toEqual([
      'ja',
      'zh-CN',
      'zh-TW',
    ]);
    expect(Object.keys(command.description_localizations ?? {}).sort(), command.name).toEqual([
      'ja',
      'zh-CN',
      'zh-TW',
    ]);
  }
}, 30_000);

it('GIVEN no guild THEN globally; GIVEN no token THEN it says what is missing', async () => {
  const global = await deploy({ DISCORD_TOKEN: world.bot.token, DISCORD_API_URL: server.apiUrl });
  expect(global.code).toBe(0);
  expect(
    server
      .registeredCommands(world.bot.applicationId)
      .map((c) => c.name)
      .sort(),
  ).toEqual(names);
  const missing = await deploy({});
  expect(missing.code).toBe(1);
  expect(missing.out).toContain('DISCORD_TOKEN is not set');
}, 30_000);
