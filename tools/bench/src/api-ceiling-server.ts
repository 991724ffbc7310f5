// The ceiling for bench:api: a bare node:http server that answers every request with a response
// fetched once from the real API (path → status, headers and body, given as JSON on stdin), so
// it sends the same bytes with the least work node:http allows. Node adds Date, Connection and
// Keep-Alive itself, as it does for the API. Prints `LISTENING <port>` when ready.
import { createServer } from 'node:http';

export interface Canned {
  path: string;
  /** Header name/value pairs as the API sent them (without Date, Connection, Keep-Alive, Content-Length). */
  headers: Array<[string, string]>;
  /** Base64. */
  body: string;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const canned = new Map(
    (JSON.parse(input) as Canned[]).map((c) => {
      const body = Buffer.from(c.body, 'base64');
      return [c.path, { headers: Object.fromEntries([...c.headers, ['Content-Length', String(body.length)]]), body }];
    }),
  );
  const server = createServer((req, res) => {
    const hit = canned.get(req.url ?? '');
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, hit.headers);
    res.end(hit.body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as { port: number }).port}`));
});
