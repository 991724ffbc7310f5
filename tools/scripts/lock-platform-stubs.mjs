// The npm registry reachable here serves only the linux-x64 builds of some native packages
// (@swc/core, msgpackr-extract, unrs-resolver). `npm install` then leaves their other
// platform packages out of package-lock.json and `npm ci` refuses the lockfile as out of sync.
// This adds those optional platform packages to the lockfile with their os/cpu, so `npm ci`
// recognises and skips them on this platform. Run after `npm install` changes the lockfile.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split(/[-/]/);
    const os = OS.filter((o) => parts.includes(o));
    const cpu = CPU.filter((c) => parts.includes(c) || parts.some((p) => p.startsWith(c)));
    if (!os.length || !cpu.length) continue;
    lock.packages[`node_modules/${name}`] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, os, cpu };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-stubs: ${added} platform packages recorded`);
