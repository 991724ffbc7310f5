// `npm run openapi:lint`, step one: writes every service's OpenAPI document to
// <dir>/<service>.json (default dist/openapi), for Redocly to lint.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceDocument, SERVICES } from './services';

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? 'dist/openapi');
  mkdirSync(dir, { recursive: true });
  for (const { name } of SERVICES) {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(await serviceDocument(name), null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
