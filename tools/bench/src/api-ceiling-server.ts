// The ceiling for bench:api: a bare node:http server that answers every request with bytes
// fetched once from the real API (path → body and content type, given as JSON on stdin).
// Prints `LISTENING <port>` when ready.
import { createServer } from 'node:http';

interface Canned {
  path: string;
  contentType: string;
  body: string;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const canned = new Map((JSON.parse(input) as Canned[]).map((c) => [c.path, { contentType: c.contentType, body: Buffer.from(c.body, 'base64') }]));
  const server = createServer((req, res) => {
    const hit = canned.get(req.url ?? '');
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': hit.contentType, 'Content-Length': hit.body.length });
    res.end(hit.body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as { port: number }).port}`));
});
