// Starts bench/server.mjs in a child process and talks to it over IPC.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export async function startBenchServer() {
  // execArgv: [] so a --cpu-prof given to the benchmark profiles the contenders, not the server.
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ url }] = await once(child, 'message');
  const ask = async (question, key) => {
    child.send(question);
    for (;;) {
      const [answer] = await once(child, 'message');
      if (key in answer) return answer[key];
    }
  };
  return {
    url,
    pid: child.pid,
    /** { auth, connectToken, other } since the last reset. */
    counts: () => ask('counts', 'counts'),
    reset: () => ask('reset', 'reset'),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.disconnect();
      await once(child, 'exit');
    },
  };
}
