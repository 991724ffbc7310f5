#!/usr/bin/env node
// npm run test:browser — the report in headless Chromium. Not part of `npm test`: it needs a
// Chromium (Debian's `chromium`, or CHROMIUM_PATH) that a fresh laptop may not have. Installs
// nothing. PostgreSQL: DATABASE_URL's server, else an embedded one (removed on exit).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../../libs/testing/src/embedded-postgres.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let postgres;
let code = 1;
try {
  if (!process.env.DATABASE_URL) {
    postgres = await startEmbeddedPostgres({ dataDir: join(ROOT, 'tmp', 'browser-pg') });
    console.log(`[browser] DATABASE_URL not set: started embedded PostgreSQL on port ${postgres.port}`);
    process.env.DATABASE_URL = postgres.url;
  }
  const require = createRequire(import.meta.url);
  require(join(ROOT, 'tools/scripts/register-ts.js'));
  const { main } = require(join(ROOT, 'tools/browser/report.browser.ts'));
  code = await main();
} catch (error) {
  console.error(`[browser] FAILED: ${error?.stack ?? error}`);
  console.log('0 passed, 1 failed');
  code = 1;
} finally {
  await postgres?.stop().catch((error) => console.error(`[browser] stopping PostgreSQL: ${error.message}`));
}
process.exit(code);
