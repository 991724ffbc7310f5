'use strict';
// TypeScript on load without loading the TypeScript compiler when nothing changed. Registering
// @swc-node/register cost 0.3 s of CPU on every start of every entry point (the CLI's `--help`
// included): it loads `typescript` (to read tsconfig.base.json and to enumerate every file of the
// repo), then SWC compiles each module. Here each module's compiled code is kept on disk, keyed by
// the SHA-1 of its path, its source and everything that decides how it is compiled (the tsconfig
// text, the SWC and @swc-node versions, the environment variables @swc-node reads); a hit is
// read and run as @swc-node/register would have run it: the same code (inline source map
// included), the same map registered for stack traces. A miss, and only a miss, loads
// @swc-node/register and compiles the module with the options its `register()` uses.
// NHSP_TS_CACHE=off registers @swc-node/register as before; NHSP_TS_CACHE_DIR moves the cache
// (default: the system's temporary folder).
const Module = require('node:module');
const { createHash, randomUUID } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, extname, join, resolve } = require('node:path');

const FORMAT = 1;
// What @swc-node/register hooks (pirates, node_modules left alone); plain .js files are run as
// they are unless they look like ESM or JSX, as its shouldSkipTransformForRuntimeJs decides.
const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.es6', '.es'];
const LOOKS_LIKE_ESM_SYNTAX = /(?:^|\n)\s*import\s|(?:^|\n)\s*export\s|\bimport\.meta\b/;
const LOOKS_LIKE_JSX = /<\/[A-Za-z]|<[A-Za-z][^>]*\/>|<>/;
const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/** A package's version, from the package.json beside its entry point (exports maps may hide `name/package.json`). */
function packageVersion(name) {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/** Everything besides a module's path and source that changes what @swc-node/register makes of it. */
function toolchainFingerprint(project) {
  const tsconfig = readFileSync(project, 'utf8');
  // An `extends` chain would need reading too: not worth it for a config that has none today.
  if (/"extends"/.test(tsconfig)) return null;
  return createHash('sha1')
    .update(
      JSON.stringify({
        FORMAT,
        self: readFileSync(__filename, 'utf8'),
        project: resolve(project),
        tsconfig,
        versions: ['@swc/core', '@swc-node/core', '@swc-node/register', '@swc-node/sourcemap-support'].map(packageVersion),
        env: ['SWCRC', 'SWC_CONFIG_FILE', 'SWC_NODE_SOURCE_MAP_MODE', 'SWC_NODE_INLINE_SOURCE_MAP', 'SWC_NODE_IGNORE_DYNAMIC'].map((name) => process.env[name] ?? null),
        sourceMapsEnabled: Boolean(process.sourceMapsEnabled),
      }),
    )
    .digest('hex');
}

/** The same choice as @swc-node/register's getSourceMapMode for "auto": maps stored for stack traces unless Node maps them itself. */
function storesMaps() {
  const mode = process.env.SWC_NODE_SOURCE_MAP_MODE?.trim().toLowerCase();
  if (mode === 'both' || mode === 'store') return true;
  if (mode === 'inline' || mode === 'none') return false;
  return !process.sourceMapsEnabled;
}

/** Every edit of a module leaves its older entries behind: beyond KEPT_ENTRIES, the least recently written go. */
const KEPT_ENTRIES = 10_000; // about 24 KB each: a dozen checkouts of every module of the repo
function prune(cacheDir) {
  const entries = readdirSync(cacheDir).filter((name) => name.endsWith('.js'));
  if (entries.length <= KEPT_ENTRIES) return;
  const dated = entries.map((name) => ({ name, at: statSync(join(cacheDir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  for (const { name } of dated.sort((a, b) => b.at - a.at).slice(KEPT_ENTRIES)) rmSync(join(cacheDir, name), { force: true });
}

function register() {
  const project = process.env.SWC_NODE_PROJECT ?? process.env.TS_NODE_PROJECT ?? join(process.cwd(), 'tsconfig.json');
  let fingerprint = null;
  try {
    // SWCRC hands the options to an .swcrc file, which this cache does not read.
    fingerprint = process.env.SWCRC ? null : toolchainFingerprint(project);
  } catch {
    fingerprint = null;
  }
  if (fingerprint === null) {
    require('@swc-node/register');
    return;
  }
  const cacheDir = process.env.NHSP_TS_CACHE_DIR ?? join(tmpdir(), `nhsp-ts-cache-${process.getuid?.() ?? 'user'}`);
  const store = storesMaps();
  const { SourcemapMap, installSourceMapSupport } = require('@swc-node/sourcemap-support');
  if (store) installSourceMapSupport();

  let pruned = false; // once per process, on its first miss
  let swc = null; // @swc-node/register's compile and options, loaded on the first miss
  const compileWithSwc = (source, filename) => {
    if (!swc) {
      const { compile } = require('@swc-node/register/register');
      const { readDefaultTsConfig } = require('@swc-node/register/read-default-tsconfig');
      const options = readDefaultTsConfig();
      options.module = 1; // ts.ModuleKind.CommonJS, as register() sets it
      swc = { compile, options };
    }
    // compile() deletes this from the options it is given; register() passes the same object each time.
    return swc.compile(source, filename, swc.options);
  };

  const compiled = (source, filename) => {
    const key = createHash('sha1').update(fingerprint).update('\0').update(filename).update('\0').update(source).digest('hex');
    const path = join(cacheDir, `${key}.js`);
    let entry = null;
    try {
      entry = readFileSync(path, 'utf8');
    } catch {
      entry = null;
    }
    if (entry !== null) {
      // `<code length>\n<code><map>`: the code as compile() returned it, then the map it stored.
      const newline = entry.indexOf('\n');
      const length = Number(entry.slice(0, newline));
      if (newline > 0 && Number.isSafeInteger(length) && newline + 1 + length <= entry.length) {
        const code = entry.slice(newline + 1, newline + 1 + length);
        const map = entry.slice(newline + 1 + length);
        if (store && map) SourcemapMap.set(filename, map);
        return code;
      }
    }
    const code = compileWithSwc(source, filename);
    const map = store ? (SourcemapMap.get(filename) ?? '') : '';
    try {
      mkdirSync(cacheDir, { recursive: true });
      // Written whole then renamed: a process starting beside this one never reads half an entry.
      const partial = `${path}.${randomUUID()}.partial`;
      writeFileSync(partial, `${code.length}\n${code}${map}`);
      renameSync(partial, path);
      if (!pruned) prune(cacheDir);
      pruned = true;
    } catch {
      // A cache that cannot be written is no cache, not an error.
    }
    return code;
  };

  const originalJsLoader = Module._extensions['.js'];
  const hook = (ext, shouldCompile) => {
    const previous = Module._extensions[ext] ?? originalJsLoader;
    Module._extensions[ext] = function loadCompiled(mod, filename) {
      if (!IN_NODE_MODULES.test(filename) && extname(filename) === ext) {
        const ownCompile = mod._compile;
        mod._compile = function compileTypeScript(source) {
          mod._compile = ownCompile;
          return mod._compile(shouldCompile(source) ? compiled(source, filename) : source, filename);
        };
      }
      previous(mod, filename);
    };
  };
  for (const ext of TS_EXTENSIONS) hook(ext, () => true);
  for (const ext of JS_EXTENSIONS) hook(ext, (source) => LOOKS_LIKE_JSX.test(source) || LOOKS_LIKE_ESM_SYNTAX.test(source));
}

module.exports = { register };
