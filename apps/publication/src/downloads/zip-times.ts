// exceljs stamps every entry of the XLSX zip with the time it was written (JSZip's default) and
// offers no way to pass another, so the same release downloaded a few seconds apart gave other
// bytes and another ETag. The entry times are rewritten here, in the local headers and the central
// directory, to a time that belongs to the release. Only header fields change: the CRCs cover the
// entries' data, so the archive stays valid.

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const END_RECORD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;

export interface ZipEntryTime {
  name: string;
  /** MS-DOS time and date fields, as the central directory holds them. */
  dosTime: number;
  dosDate: number;
}

export class NotAZipError extends Error {}

/** MS-DOS date and time of `at` in UTC (as JSZip writes them): two-second resolution, years from 1980. */
export function dosDateTime(at: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    dosTime: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** Offsets of each entry's central directory record and local header. */
function* entries(zip: Buffer): Generator<{ central: number; local: number; name: string }> {
  let end = -1;
  for (let at = zip.length - END_RECORD_SIZE; at >= Math.max(0, zip.length - END_RECORD_SIZE - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new NotAZipError('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let central = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(central) !== CENTRAL_HEADER) throw new NotAZipError(`entry ${i}: no central directory record at ${central}`);
    const nameLength = zip.readUInt16LE(central + 28);
    const local = zip.readUInt32LE(central + 42);
    if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new NotAZipError(`entry ${i}: no local header at ${local}`);
    const name = zip.toString('utf8', central + CENTRAL_HEADER_SIZE, central + CENTRAL_HEADER_SIZE + nameLength);
    yield { central, local, name };
    central += CENTRAL_HEADER_SIZE + nameLength + zip.readUInt16LE(central + 30) + zip.readUInt16LE(central + 32);
  }
}

/** A copy of `zip` with every entry's modification time set to `at`. */
export function withEntryTimes(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const { dosTime, dosDate } = dosDateTime(at);
  for (const { central, local } of entries(out)) {
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    out.writeUInt16LE(dosTime, central + 12);
    out.writeUInt16LE(dosDate, central + 14);
  }
  return out;
}

/** Each entry's time as the central directory records it (and the local header agrees, or it throws). */
export function entryTimes(zip: Buffer): ZipEntryTime[] {
  return [...entries(zip)].map(({ central, local, name }) => {
    const dosTime = zip.readUInt16LE(central + 12);
    const dosDate = zip.readUInt16LE(central + 14);
    if (zip.readUInt16LE(local + 10) !== dosTime || zip.readUInt16LE(local + 12) !== dosDate) {
      throw new NotAZipError(`${name}: the local header's time differs from the central directory's`);
    }
    return { name, dosTime, dosDate };
  });
}
