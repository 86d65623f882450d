// The soak's server: the built sandbox in its own process, so the soak's memory figures are the
// client's alone. Talks to scripts/soak.mjs over IPC: sends { url } once listening, answers
// 'stats' with the sandbox's counters, and stops when the parent disconnects.
import { startSandbox } from '../dist/sandbox.mjs';

const apiKeyTtlSeconds = Number(process.argv[2]);
const sandbox = await startSandbox({ apiKeyTtlSeconds });

process.on('message', (message) => {
  if (message === 'stats') process.send({ stats: sandbox.stats.snapshot() });
});
process.once('disconnect', () => {
  void sandbox.stop().then(() => process.exit(0));
});
process.send({ url: sandbox.url });
