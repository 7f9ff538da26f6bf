// `npm run bench:discord` — what Troupe on Discord costs between a person's message and the persona's
// webhook post, with the model's time taken out. The whole app (startApp) runs against the local
// Discord-compatible server, the simulator (latency 0) and real Redis, with the debounce and the
// human-like delays set to 0; one persona is addressed by name BENCH_MESSAGES times (default 100), one
// message at a time. Reported, p50/p99 in ms:
//   round trip      message created on the server → webhook execution received by the server
//   model           request at the simulator → its answer composed (≈0 here; shown to be honest)
//   without model   round trip − model: gateway, history, director, BullMQ, prompt, webhook REST
import { startTroupeOnDiscord } from '../test/support/troupe-on-discord.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100);
const WARMUP = 5;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const world = await startTroupeOnDiscord({ core: { debounceMs: 0, humanDelayScale: 0, jitter: 0 } });
const { server, channel, mia, simulator } = world;
let composedAt = 0;
simulator.setScript(() => {
  composedAt = Date.now();
  return undefined; // let the simulator answer in character
});
try {
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }));
  const roundTrips: number[] = [];
  const modelTimes: number[] = [];
  for (let i = 0; i < WARMUP + MESSAGES; i++) {
    const executionsBefore = server.webhookExecutions.length;
    const requestsBefore = simulator.requests.length;
    const linesBefore = (await world.history()).length;
    const sentAt = Date.now();
    server.userSays({
      channelId: channel.id,
      userId: mia.id,
      content: `Ling Lu, question ${i}: how is the mix?`,
    });
    const execution = await server.waitForWebhookExecution(
      (e) => server.webhookExecutions.indexOf(e) >= executionsBefore && e.status === 200,
      10_000,
    );
    const request = simulator.requests
      .slice(requestsBefore)
      .find((r) => r.path.endsWith('/chat/completions'));
    // Let the turn finish (its line stored) so the next message starts from a quiet channel.
    while ((await world.history()).length < linesBefore + 2) await new Promise((r) => setTimeout(r, 2));
    if (i < WARMUP || !request) continue;
    roundTrips.push(execution.atMs - sentAt);
    modelTimes.push(Math.max(0, composedAt - request.at));
  }
  const without = roundTrips.map((total, i) => total - modelTimes[i]!);
  const row = (name: string, values: number[]) =>
    `${name.padEnd(16)} p50 ${percentile(values, 50).toFixed(0).padStart(4)} ms   p99 ${percentile(values, 99).toFixed(0).padStart(4)} ms   max ${Math.max(
      ...values,
    )
      .toFixed(0)
      .padStart(4)} ms`;
  process.stdout.write(
    [
      `Troupe on Discord (local server, simulator latency 0, debounce and human delays 0), ${roundTrips.length} messages:`,
      row('round trip', roundTrips),
      row('model', modelTimes),
      row('without model', without),
      '',
    ].join('\n'),
  );
} finally {
  await world.close();
}
