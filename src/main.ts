// The process's entry point: parses the environment (config.ts), starts the app (app.ts, the
// composition root that names every adapter) and stops it cleanly on SIGINT/SIGTERM. A bad
// configuration exits with code 2 and every problem listed.
import { loadConfig, ConfigError } from './config.js';
import { startApp } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = await startApp(config, { input: process.stdin, output: process.stdout });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  await app.done;
  await stop(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`Troupe could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
