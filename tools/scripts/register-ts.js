// Compile TypeScript on load for every Node entry point (CLI, services, demo, benchmarks).
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
