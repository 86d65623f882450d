// The benchmark's stand-in for Pluggy: a bare keep-alive HTTP server on 127.0.0.1, run in its own
// process (bench/run.mjs forks it) so the contenders never share an event loop with it. It answers
// POST /auth and POST /connect_token with fixed JSON, so every contender pays the same server cost,
// and counts the calls; the parent asks for the counts over the IPC channel.
import { createServer } from 'node:http';

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
// A real-looking JWT that stays valid for the whole run: both SDKs decode `exp` to decide when to re-authenticate.
const exp = Math.floor(Date.now() / 1000) + 2 * 60 * 60;
const apiKey = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ id: 'bench', exp })}.${'s'.repeat(43)}`;
const authBody = JSON.stringify({ apiKey });
const connectTokenBody = JSON.stringify({ accessToken: `${base64url({ alg: 'HS256' })}.${base64url({ item: 'bench' })}.${'t'.repeat(43)}` });

const counts = { auth: 0, connectToken: 0, other: 0 };

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  // Drain the request body before answering, as a real server would.
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/auth') {
      counts.auth += 1;
      reply(res, 200, authBody);
    } else if (req.method === 'POST' && req.url === '/connect_token') {
      counts.connectToken += 1;
      reply(res, 200, connectTokenBody);
    } else {
      counts.other += 1;
      reply(res, 404, '{"message":"not found"}');
    }
  });
});
// Longer than any pause between rounds, so no contender ever loses its pooled connections mid-run.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.maxRequestsPerSocket = 0;

process.on('message', (message) => {
  if (message === 'counts') process.send({ counts: { ...counts } });
  if (message === 'reset') {
    counts.auth = counts.connectToken = counts.other = 0;
    process.send({ reset: true });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
