// Each row's JSON item or CSV line as UTF-8 bytes, back to back in one buffer per list and
// format, with where each row's begin: a page's body is then its frame's head, the rows' bytes
// copied in and its tail, without joining and encoding strings per request (the same bytes as
// Buffer.from of the joined text: UTF-8 of each part, concatenated).

export class RowBytes {
  private constructor(
    private readonly data: Buffer,
    /** Row i's bytes are data[at[i], at[i + 1]). */
    private readonly at: Int32Array,
  ) {}

  static of(texts: readonly string[]): RowBytes {
    const at = new Int32Array(texts.length + 1);
    texts.forEach((text, i) => (at[i + 1] = at[i] + Buffer.byteLength(text)));
    return new RowBytes(Buffer.from(texts.join('')), at);
  }

  length(row: number): number {
    return this.at[row + 1] - this.at[row];
  }

  copy(row: number, target: Buffer, offset: number): number {
    return this.data.copy(target, offset, this.at[row], this.at[row + 1]);
  }
}

/** Rows of one list of one model, by natural position, in the order they are sent. */
export interface RowRun {
  bytes: RowBytes;
  positions: ArrayLike<number>;
}

/** `head`, the runs' rows (separated by commas for JSON items), `tail`: one body. */
export function joinRows(head: string, runs: readonly RowRun[], tail: string, commas: boolean): Buffer {
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  let count = 0;
  for (const run of runs) {
    for (let i = 0; i < run.positions.length; i++) size += run.bytes.length(run.positions[i]);
    count += run.positions.length;
  }
  if (commas && count > 1) size += count - 1;
  const body = Buffer.allocUnsafe(size);
  let offset = body.write(head, 0);
  let first = true;
  for (const run of runs) {
    for (let i = 0; i < run.positions.length; i++) {
      if (commas && !first) body[offset++] = 0x2c;
      first = false;
      offset += run.bytes.copy(run.positions[i], body, offset);
    }
  }
  offset += body.write(tail, offset);
  if (offset !== size) throw new Error(`a joined body came to ${offset} bytes, not ${size}`);
  return body;
}
