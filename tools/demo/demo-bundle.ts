// The bundle the demo publishes: the generator's default history (FY 2019/20 to 2025/26, every
// trust, every file), too big to commit (about 45 MB), so made before the demo starts into the
// git-ignored tmp/demo-bundle and reused while the generator, its reference data and the options
// are unchanged.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { generateBundle } from '../cli/src/generate/generate';
import { DEFAULT_OPTIONS, GenerateOptions } from '../cli/src/generate/options';
import { defaultReferenceDir, loadReference } from '../cli/src/generate/reference';

const ROOT = resolve(__dirname, '..', '..');
export const DEMO_BUNDLE_DIR = join(ROOT, 'tmp', 'demo-bundle');
export const DEMO_BUNDLE_OPTIONS: GenerateOptions = DEFAULT_OPTIONS;
const STAMP = '.generated.json';
/** The generator and the libraries it builds on (the bank holidays of its seasons are methodology's). */
const SOURCE_DIRS = ['tools/cli/src/generate', 'libs/domain/src', 'libs/methodology/src'].map((dir) => join(ROOT, dir));

export interface DemoBundle {
  dir: string;
  reused: boolean;
  seconds: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** What the bundle's bytes depend on: the options, the generator's code (and its libraries') and the reference files. */
export function bundleFingerprint(options: GenerateOptions = DEMO_BUNDLE_OPTIONS, referenceDir = defaultReferenceDir()): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  const sources = SOURCE_DIRS.flatMap(filesUnder).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  for (const file of [...sources, ...filesUnder(referenceDir)]) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Makes the demo's bundle unless the folder already holds the one these options make. A fresh
 * bundle is written beside the folder and moved into place, so a run that is stopped half-way
 * never leaves a bundle that looks complete.
 */
export async function prepareDemoBundle(log: (line: string) => void, dir = DEMO_BUNDLE_DIR): Promise<DemoBundle> {
  const started = Date.now();
  const fingerprint = bundleFingerprint();
  const stamp = join(dir, STAMP);
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).fingerprint === fingerprint) {
    return { dir, reused: true, seconds: (Date.now() - started) / 1000 };
  }
  const partial = `${dir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  log(`generating the history bundle into ${relative(ROOT, dir)} (npm run cli -- generate --out ${relative(ROOT, dir)})`);
  const result = await generateBundle(partial, DEMO_BUNDLE_OPTIONS, undefined, loadReference());
  await writeFile(join(partial, STAMP), JSON.stringify({ fingerprint, options: DEMO_BUNDLE_OPTIONS }, null, 2));
  await mkdir(resolve(dir, '..'), { recursive: true });
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(partial, dir);
  } catch (error) {
    // Another demo (or test) made the same bundle meanwhile: keep theirs if it is this one.
    const theirs = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')).fingerprint : undefined;
    await rm(partial, { recursive: true, force: true });
    if (theirs !== fingerprint) throw error;
  }
  const megabytes = result.files.reduce((sum, f) => sum + f.bytes, 0) / 1e6;
  log(`generated ${result.plan.selected.length} trusts, ${result.plan.options.from}..${result.plan.options.to}, ${megabytes.toFixed(1)} MB in ${result.seconds.toFixed(1)} s`);
  return { dir, reused: false, seconds: (Date.now() - started) / 1000 };
}

/** Copies the bundle's files (not the stamp) to `target`, for `--once --out DIR` to leave beside its outputs. */
export async function copyBundle(dir: string, target: string): Promise<number> {
  await mkdir(target, { recursive: true });
  const files = readdirSync(dir).filter((name) => name !== STAMP && statSync(join(dir, name)).isFile());
  for (const name of files) await cp(join(dir, name), join(target, name));
  return files.length;
}
