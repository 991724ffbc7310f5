// Compile TypeScript on load for every Node entry point (CLI, services, demo, benchmarks).
// Compiled modules are kept on disk by content (ts-compile-cache.js), so a start that compiles
// nothing new does not load `typescript` or SWC; NHSP_TS_CACHE=off registers @swc-node/register alone.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', '..', 'tsconfig.base.json');
if (process.env.NHSP_TS_CACHE === 'off') require('@swc-node/register');
else require('./ts-compile-cache.js').register();
