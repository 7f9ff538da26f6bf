// Runs the offline Qwen-Character simulator on its own, for demos and manual testing without an API
// key: `npm run simulator`, then point MODEL_BASE_URL at the printed URL (any DASHSCOPE_API_KEY works).
// This script reads its own port variable; everything in src/ gets its settings passed in.
import { startSimulator } from '../src/model/simulator/simulator.js';

const DEFAULT_PORT = 8787;

const port = Number(process.env.SIMULATOR_PORT ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`SIMULATOR_PORT must be a port number (0-65535), got "${process.env.SIMULATOR_PORT}"`);
  process.exit(1);
}

const simulator = await startSimulator({ port, host: '127.0.0.1' });
console.log(`Qwen-Character simulator listening; base URL: ${simulator.url}`);
console.log(`  (also ${simulator.compatibleModeUrl}; Ctrl-C to stop)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
