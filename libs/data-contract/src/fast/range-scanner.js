'use strict';
// Splits one byte range of a CSV file into records and fields, exactly as the streaming RFC 4180
// parser would for "plain" text: no quotes, LF or CRLF line ends, valid UTF-8. Anything else
// stops the scan as Unusual, and the caller reads the whole file with the streaming parser, so
// that its messages stay the only source of truth for odd files.
const { closeSync, openSync, readSync } = require('node:fs');
const { isAscii, isUtf8 } = require('node:buffer');
const { ByteDictionary } = require('./byte-tables');

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const NUL = 0x00;
const CHUNK_BYTES = 1 << 20;
/** Fields the scanner looks at, in the order the streaming reader checks them. */
const SLOTS = ['org_code', 'date', 'pod', 'currency', 'los_days'];
const LOS = 4;
const MAX_PLAIN_DIGITS = 15;

class Unusual extends Error {
  constructor(line, reason) {
    super(reason);
    this.line = line;
  }
}

/**
 * job: { path, start, end, width, fields: index of each SLOTS column in the header (-1 when
 * absent), maxFields, maxLineBytes, dictionaryLimit }.
 */
class RangeScanner {
  constructor(job) {
    this.job = job;
    this.slotOf = new Int8Array(job.width).fill(-1);
    job.fields.forEach((field, slot) => {
      if (field >= 0) this.slotOf[field] = slot;
    });
    this.dictionaries = SLOTS.map(() => new ByteDictionary(job.dictionaryLimit));
    /** Per los_days dictionary id: its value when the cell is plain digits, else -1. */
    this.plainLos = [];
    this.starts = new Int32Array(SLOTS.length);
    this.ends = new Int32Array(SLOTS.length);
    this.hashes = new Int32Array(SLOTS.length);
    this.ids = new Int32Array(SLOTS.length);
    this.buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, job.end - job.start)) + 1);
  }

  /**
   * Calls `visitor.record(line, fieldCount, buf, lineStart, lineEnd)` for every record (blank lines
   * skipped; `line` counts LFs from the range start) with `ids` holding its cells' dictionary
   * ids (-1 for an absent los_days or empty cell). Stops when `record` returns false.
   * Returns the number of LFs in the range.
   */
  scan(visitor) {
    const { path, start, end, width } = this.job;
    const fd = openSync(path, 'r');
    try {
      let filled = 0;
      let position = start;
      let line = 0;
      for (;;) {
        let buf = this.buf;
        // One byte is kept free for an LF after the data: the split loop then needs no bounds check.
        const want = Math.min(buf.length - 1 - filled, end - position);
        const got = want > 0 ? readSync(fd, buf, filled, want, position) : 0;
        position += got;
        filled += got;
        buf[filled] = LF;
        const last = position >= end || got === 0;
        const ascii = isAscii(buf.subarray(0, filled));
        let lineStart = 0;
        while (lineStart < filled) {
          const lineEnd = this.splitLine(buf, lineStart, filled, last, line);
          if (lineEnd < 0) break;
          const next = lineEnd < filled && buf[lineEnd] === CR ? lineEnd + 2 : lineEnd + 1;
          const fieldCount = this.fieldCount;
          if (fieldCount !== 1 || !isBlank(buf, lineStart, lineEnd)) {
            if (fieldCount === width) this.lookUp(buf, line);
            if (visitor.record(line, fieldCount, buf, lineStart, lineEnd) === false) return line;
          }
          line++;
          lineStart = next;
        }
        // Complete lines never split a UTF-8 sequence (no byte of one is an LF), so they can be checked alone.
        if (!ascii && !isUtf8(buf.subarray(0, Math.min(lineStart, filled)))) throw new Unusual(line, 'bytes that are not UTF-8');
        if (last && lineStart >= filled) return line;
        buf.copy(buf, 0, lineStart, filled);
        filled -= lineStart;
        if (filled === buf.length - 1) {
          if (filled >= this.job.maxLineBytes) throw new Unusual(line, 'a record longer than the record limit');
          buf = Buffer.allocUnsafe(Math.min(filled * 2, this.job.maxLineBytes + 2) + 1);
          this.buf.copy(buf, 0, 0, filled);
          this.buf = buf;
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Finds the end of the line at `lineStart` (the offset of its LF, of the CR of its CRLF, or
   * `filled` for a last line without one), noting where each scanned field starts and ends.
   * Returns -1 when the line is not complete in the buffer yet. `buf[filled]` must be an LF.
   */
  splitLine(buf, lineStart, filled, last, line) {
    const slotOf = this.slotOf;
    const width = slotOf.length;
    let field = 0;
    let fieldStart = lineStart;
    let h = 0;
    let i = lineStart;
    for (;;) {
      const b = buf[i];
      // Every byte that ends a field or a line, or makes a file unusual, is at most a comma.
      if (b <= COMMA) {
        if (b === COMMA || b === LF || b === CR) {
          if (i === filled && !last) return -1;
          if (field < width) {
            const slot = slotOf[field];
            if (slot >= 0) {
              this.starts[slot] = fieldStart;
              this.ends[slot] = i;
              this.hashes[slot] = h;
            }
          }
          field++;
          if (b === COMMA) {
            fieldStart = ++i;
            h = 0;
            continue;
          }
          if (b === CR) {
            if (i + 1 >= filled && !last) return -1;
            if (i + 1 >= filled || buf[i + 1] !== LF) throw new Unusual(line, 'a line break that is a lone CR');
          }
          break;
        }
        if (b === QUOTE) throw new Unusual(line, 'a quoted field');
        if (b === NUL) throw new Unusual(line, 'a NUL byte');
      }
      h = (Math.imul(h, 31) + b) | 0;
      i++;
    }
    if (i - lineStart + 1 > this.job.maxLineBytes) throw new Unusual(line, 'a record longer than the record limit');
    if (field > this.job.maxFields) throw new Unusual(line, 'more fields than the field limit');
    this.fieldCount = field;
    return i;
  }

  /** Sets `ids` for a record with as many fields as the header; absent or empty los_days is -1. */
  lookUp(buf, line) {
    const fields = this.job.fields;
    for (let slot = 0; slot < LOS; slot++) {
      this.ids[slot] = this.idOf(slot, buf, line);
    }
    if (fields[LOS] < 0 || this.starts[LOS] === this.ends[LOS]) {
      this.ids[LOS] = -1;
      return;
    }
    const id = this.idOf(LOS, buf, line);
    if (id === this.plainLos.length) this.plainLos.push(plainDigits(buf, this.starts[LOS], this.ends[LOS]));
    this.ids[LOS] = id;
  }

  idOf(slot, buf, line) {
    const id = this.dictionaries[slot].id(buf, this.starts[slot], this.ends[slot], this.hashes[slot]);
    if (id < 0) throw new Unusual(line, `more than ${this.job.dictionaryLimit} distinct ${SLOTS[slot]} values`);
    return id;
  }
}

/** The streaming parser drops a record of one unquoted field that is only whitespace. */
function isBlank(buf, start, end) {
  if (start === end) return true;
  return buf.toString('utf8', start, end).trim() === '';
}

/** The value of a cell of 1 to 15 ASCII digits (always a safe integer), else -1. */
function plainDigits(buf, start, end) {
  if (end - start > MAX_PLAIN_DIGITS) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

module.exports = { RangeScanner, Unusual, SLOTS, LOS };
