// A real ZIP archive of one highly compressible file, built without holding or compressing it
// whole: a 1 MB chunk is deflated once with a full flush (no back-references past that point),
// so its compressed bytes can be repeated to stand for the chunk repeated. 1 GiB of CSV becomes
// about 1 MB of zip that any unzip tool expands back to 1 GiB.
import { FileHandle, open } from 'node:fs/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipBombSpec {
  /** Name of the one entry inside the archive. */
  entryName: string;
  /** Written once, first. */
  head: Buffer;
  /** Written `repeats` times after the head. */
  chunk: Buffer;
  repeats: number;
}

/** A final, empty fixed-Huffman block: ends the deflate stream after the flushed segments. */
const END_OF_DEFLATE = Buffer.from([0x03, 0x00]);
/** 2025-01-01 00:00 in MS-DOS form, so that the archive's bytes never change. */
const DOS_TIME = 0;
const DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1;
const ZIP32_LIMIT = 0xffffffff;

function flushedSegment(bytes: Buffer): Buffer {
  return deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
}

/** Writes the archive; returns the entry's uncompressed and compressed sizes. */
export async function writeZipBomb(path: string, spec: ZipBombSpec): Promise<{ uncompressed: number; compressed: number }> {
  const head = flushedSegment(spec.head);
  const body = flushedSegment(spec.chunk);
  const uncompressed = spec.head.length + spec.chunk.length * spec.repeats;
  const compressed = head.length + body.length * spec.repeats + END_OF_DEFLATE.length;
  if (uncompressed > ZIP32_LIMIT) throw new Error(`zip bomb of ${uncompressed} bytes needs ZIP64, which this writer does not do`);
  let crc = crc32(spec.head);
  for (let i = 0; i < spec.repeats; i++) crc = crc32(spec.chunk, crc);

  const name = Buffer.from(spec.entryName, 'utf8');
  const entry = { crc, compressed, uncompressed, name };
  const handle = await open(path, 'w');
  try {
    const local = localHeader(entry);
    await write(handle, local);
    await write(handle, head);
    for (let i = 0; i < spec.repeats; i++) await write(handle, body);
    await write(handle, END_OF_DEFLATE);
    const central = centralHeader(entry, 0);
    await write(handle, central);
    await write(handle, endOfCentralDirectory(central.length, local.length + compressed));
  } finally {
    await handle.close();
  }
  return { uncompressed, compressed };
}

async function write(handle: FileHandle, bytes: Buffer): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

interface Entry {
  crc: number;
  compressed: number;
  uncompressed: number;
  name: Buffer;
}

function localHeader(entry: Entry): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  header.writeUInt16LE(0, 6); // flags
  header.writeUInt16LE(8, 8); // method: deflate
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.compressed, 18);
  header.writeUInt32LE(entry.uncompressed, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28); // extra field length
  return Buffer.concat([header, entry.name]);
}

function centralHeader(entry: Entry, localOffset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4); // made by
  header.writeUInt16LE(20, 6); // needed
  header.writeUInt16LE(0, 8);
  header.writeUInt16LE(8, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.compressed, 20);
  header.writeUInt32LE(entry.uncompressed, 24);
  header.writeUInt16LE(entry.name.length, 28);
  // extra, comment, disk number, internal and external attributes: all zero
  header.writeUInt32LE(localOffset, 42);
  return Buffer.concat([header, entry.name]);
}

function endOfCentralDirectory(centralSize: number, centralOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8); // entries on this disk
  end.writeUInt16LE(1, 10); // entries in total
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  return end;
}

/** What the archive says about its entry, read back from the central directory (for checking). */
export function centralDirectoryEntry(zip: Buffer): { name: string; crc: number; compressed: number; uncompressed: number; dataOffset: number } {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory record');
  const central = zip.readUInt32LE(end + 16);
  if (zip.readUInt32LE(central) !== 0x02014b50) throw new Error('no central directory header');
  const nameLength = zip.readUInt16LE(central + 28);
  const localOffset = zip.readUInt32LE(central + 42);
  const dataOffset = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  return {
    name: zip.toString('utf8', central + 46, central + 46 + nameLength),
    crc: zip.readUInt32LE(central + 16),
    compressed: zip.readUInt32LE(central + 20),
    uncompressed: zip.readUInt32LE(central + 24),
    dataOffset,
  };
}
