// `npm run openapi:types`: writes tools/openapi/publication-api.ts from the publication
// service's document; `--stdout` prints it instead (openapi.spec.ts compares it with the file:
// openapi-typescript loads ES modules that Jest's runtime cannot, so it runs in its own process).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PUBLICATION_TYPES_FILE, publicationTypes } from './publication-types';

publicationTypes().then(
  (text) => {
    if (process.argv.includes('--stdout')) {
      process.stdout.write(text);
    } else {
      writeFileSync(PUBLICATION_TYPES_FILE, text);
      console.log(`wrote ${path.relative(process.cwd(), PUBLICATION_TYPES_FILE)}`);
    }
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
