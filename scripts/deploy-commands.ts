// `npm run commands:deploy`: registers Troupe's slash commands with Discord, for one server when
// DISCORD_GUILD_ID is set (instant), otherwise globally. Run it after installing or upgrading Troupe,
// not on every start (Discord limits command creations per day).
import { COMMANDS } from '../commands/index.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy-commands.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set: the commands belong to that bot.');
  const deployed = await deployCommands({
    token: config.DISCORD_TOKEN,
    applicationId: config.DISCORD_APP_ID,
    guildId: config.DISCORD_GUILD_ID,
    apiUrl: config.DISCORD_API_URL,
    commands: COMMANDS.map((command) => command.data),
  });
  const where =
    deployed.scope === 'guild'
      ? `server ${config.DISCORD_GUILD_ID}`
      : 'every server (global; may take a while to appear)';
  process.stdout.write(
    `Deployed ${deployed.names.length} commands to ${where}: /${deployed.names.join(', /')}\n`,
  );
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`Could not deploy the commands: ${message}\n`);
  process.exit(1);
});
