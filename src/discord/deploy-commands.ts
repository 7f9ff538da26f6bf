// Registers the slash commands with Discord: to one server (instant; for development and tests) when a
// guild id is given, otherwise globally (rolls out to every server). A bulk overwrite, so a command
// removed here disappears there. Run by `npm run commands:deploy`, never on start: Discord allows 200
// command creations per server per day.
import type { APIApplication, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { REST, Routes } from 'discord.js';
import { commandProblems } from './command-rules.js';

export interface DeployInput {
  token: string;
  /** The application id; read from Discord when absent. */
  applicationId?: string | undefined;
  /** Deploy to this server only; globally when absent. */
  guildId?: string | undefined;
  /** REST base URL without the version (a Discord-compatible server); Discord's when absent. */
  apiUrl?: string | undefined;
  commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}

export interface Deployed {
  applicationId: string;
  scope: 'guild' | 'global';
  names: string[];
}

export async function deployCommands(input: DeployInput): Promise<Deployed> {
  // A definition Discord would refuse (a translated name with a capital, a description too long) is
  // named here with its path, before anything is sent.
  const problems = input.commands.flatMap(commandProblems);
  if (problems.length > 0) throw new Error(`Discord would refuse these definitions:\n${problems.join('\n')}`);
  const rest = new REST(input.apiUrl ? { api: input.apiUrl } : {}).setToken(input.token);
  const applicationId =
    input.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const route = input.guildId
    ? Routes.applicationGuildCommands(applicationId, input.guildId)
    : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body: input.commands })) as Array<{ name: string }>;
  return { applicationId, scope: input.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
}
