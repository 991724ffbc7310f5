#!/usr/bin/env node
// Runs the TypeScript CLI directly: SWC compiles on load (with decorator metadata and the
// `@nhsp/*` path aliases of tsconfig.base.json), so there is no build step to forget.
require('../../scripts/register-ts.js');
require('../src/main.ts');
