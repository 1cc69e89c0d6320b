// A merchant's webhook endpoint for bench/webhooks.ts, in its own process so it does not share the gateway's CPU:
// answers 200 to every POST and reports, over IPC in batches, which imp_uid arrived when.
import http from 'node:http';

let arrivals: [string, number][] = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    try {
      arrivals.push([(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { imp_uid: string }).imp_uid, at]);
    } catch {
      arrivals.push(['?', at]);
    }
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
});
setInterval(() => {
  if (arrivals.length === 0) return;
  process.send!({ arrivals });
  arrivals = [];
}, 50).unref();
process.on('disconnect', () => process.exit(0));
