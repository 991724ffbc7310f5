import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';

/**
 * Where a reader takes its bytes from: a file path, a Node stream, or bytes already in memory
 * (an upload). Streams and bytes carry the name used in issues; a path defaults to its base name.
 */
export type CsvSource =
  | string
  | { path: string; name?: string }
  | { stream: Readable | AsyncIterable<Uint8Array | string>; name: string }
  | { bytes: Uint8Array | string; name: string };

export function sourceName(source: CsvSource, fallback: string): string {
  if (typeof source === 'string') return basename(source) || fallback;
  if ('path' in source) return source.name ?? (basename(source.path) || fallback);
  return source.name || fallback;
}

const CHUNK_BYTES = 1024 * 1024;

export function openSource(source: CsvSource): AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> {
  if (typeof source === 'string') return createReadStream(source, { highWaterMark: CHUNK_BYTES });
  if ('path' in source) return createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
  if ('stream' in source) return source.stream;
  return [source.bytes];
}

/** Raised while decoding when the bytes are not UTF-8 text; `atLine` is filled in by the reader. */
export class EncodingProblem extends Error {}

/**
 * Turns byte chunks into text: hashes every byte, rejects UTF-16/binary/invalid UTF-8 (fatal
 * decoding, never replacement characters) and strips a leading byte-order mark. Multi-byte
 * characters split across chunks are carried to the next chunk, so that the bytes before a
 * bad sequence can still be parsed and the problem reported at its line.
 */
export class Utf8Decoder {
  private readonly hash = createHash('sha256');
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private carry: Uint8Array | null = null;
  private first = true;
  /** The file's first bytes, to say what a binary file is when decoding fails. */
  private head: Uint8Array = Buffer.alloc(0);
  bytes = 0;

  /** Decodes a chunk; text that was valid before a problem is passed to `emit` before the problem is thrown. */
  write(chunk: Uint8Array | string, emit: (text: string) => void): void {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (bytes.length === 0) return;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, bytes.subarray(0, HEAD_BYTES - this.head.length)]);
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = null;
    }
    if (this.first) {
      if (bytes.length < 3 && this.couldBeBomPrefix(bytes)) {
        this.carry = bytes;
        return;
      }
      this.first = false;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new EncodingProblem('the file is UTF-16 encoded (expected UTF-8)');
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      this.decodeValid(bytes.subarray(0, nul), emit);
      throw this.notText('the file contains NUL bytes: binary or UTF-16 (expected UTF-8 text)');
    }
    const complete = completePrefixLength(bytes);
    this.decodeValid(bytes.subarray(0, complete), emit);
    if (complete < bytes.length) this.carry = Uint8Array.prototype.slice.call(bytes, complete);
  }

  end(emit: (text: string) => void): void {
    if (this.carry) {
      const rest = this.carry;
      this.carry = null;
      this.first = false;
      this.decodeValid(rest, emit);
    }
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  private couldBeBomPrefix(bytes: Uint8Array): boolean {
    const bom = [0xef, 0xbb, 0xbf];
    return bytes.every((b, i) => b === bom[i]) || (bytes.length === 1 && (bytes[0] === 0xff || bytes[0] === 0xfe));
  }

  private decodeValid(bytes: Uint8Array, emit: (text: string) => void): void {
    if (bytes.length === 0) return;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      // Fatal decoding fails only on bad bytes. Parse what came before them, so that the
      // problem is reported at its line.
      const bad = firstInvalidUtf8(bytes);
      if (bad > 0) emit(this.decoder.decode(bytes.subarray(0, bad)));
      throw this.notText('invalid UTF-8 bytes (expected UTF-8 text; saved as Windows-1252 or Latin-1?)');
    }
    emit(text);
  }

  /** Names the kind of file when its first bytes say what it is: "saved as Latin-1?" misleads for a zip. */
  private notText(otherwise: string): EncodingProblem {
    const kind = binaryKind(this.head);
    return new EncodingProblem(kind ? `the file is ${kind}, not CSV text (expected a UTF-8 CSV file)` : otherwise);
  }
}

const HEAD_BYTES = 8;

/** File signatures of what gets uploaded instead of a CSV; consulted only once decoding failed. */
const SIGNATURES: ReadonlyArray<[signature: number[], kind: string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (a zipped file or an .xlsx workbook)'],
  [[0x1f, 0x8b], 'gzip-compressed'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'a legacy Office document (an .xls workbook?)'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
];

function binaryKind(head: Uint8Array): string | undefined {
  return SIGNATURES.find(([signature]) => signature.every((byte, i) => head[i] === byte))?.[1];
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
function completePrefixLength(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (bytes[i] & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i];
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - i >= needed ? bytes.length : i;
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (only called once decoding failed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    if (i + length > bytes.length) return i;
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}
