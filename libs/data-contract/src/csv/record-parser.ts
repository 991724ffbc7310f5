/**
 * An incremental RFC 4180 record parser over decoded text. Hand-written rather than csv-parse
 * because readers need the physical line where each record starts (quoted fields may span
 * lines), hard limits on record size and field count for hostile files, and speed: the fast
 * path slices unquoted fields straight out of each chunk.
 */

/** One object reused for every record of a parser: what a callback keeps, it copies (the `fields` array is its own). */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts. */
  line: number;
  /** Fields in the record, which exceeds `fields.length` when the field limit was hit. */
  fieldCount: number;
  /** Set when the record is malformed; `fields` should then not be trusted. */
  problem: string | null;
}

export interface RecordLimits {
  /** Longest record accepted, in characters; longer ones are reported and skipped. */
  maxRecordChars: number;
  /** Most fields kept per record; more are counted, not stored. */
  maxFields: number;
}

export const DEFAULT_LIMITS: RecordLimits = { maxRecordChars: 4 * 1024 * 1024, maxFields: 1000 };

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  RecordStart,
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a quote inside a quoted field: either an escaped quote or the closing one. */
  QuoteInQuoted,
  /** After a closing quote with more text before the delimiter: malformed, read on to the delimiter. */
  AfterBadQuote,
  /** Discarding an over-long record up to the next line break. */
  SkipLine,
}

export class CsvRecordParser {
  private state = State.RecordStart;
  private fields: string[] = [];
  private fieldCount = 0;
  /** Text of the current field carried over from earlier chunks. */
  private partial = '';
  private recordChars = 0;
  private recordLine = 1;
  private recordQuoted = false;
  private problem: string | null = null;
  /** The previous character was CR, so an LF now completes the same line break. */
  private prevCr = false;
  private physicalLine = 1;
  /** Handed to `onRecord` for every record (a bundle is a million of them): read it there, or copy it. */
  private readonly record: CsvRecord = { fields: [], line: 0, fieldCount: 0, problem: null };

  constructor(
    private readonly onRecord: (record: CsvRecord) => void,
    private readonly limits: RecordLimits = DEFAULT_LIMITS,
  ) {}

  /** The physical line being read, for problems found between records (e.g. bad bytes). */
  get line(): number {
    return this.physicalLine;
  }

  push(text: string): void {
    const n = text.length;
    let i = 0;
    let start = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      switch (this.state) {
        case State.RecordStart:
          if (c === LF && this.prevCr) {
            this.prevCr = false;
            i++;
            continue;
          }
          this.prevCr = false;
          if (c === LF || c === CR) {
            // A blank line: no record.
            this.lineBreak(c);
            i++;
            continue;
          }
          this.recordLine = this.physicalLine;
          this.state = State.FieldStart;
          continue;
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.recordQuoted = true;
            start = ++i;
            continue;
          }
          this.state = State.Unquoted;
          start = i;
          continue;
        case State.Unquoted:
          while (i < n) {
            c = text.charCodeAt(i);
            if (c === COMMA || c === LF || c === CR) break;
            i++;
          }
          if (i === n) {
            this.partial += text.slice(start, n);
            continue;
          }
          this.endField(this.partial + text.slice(start, i));
          i++;
          if (c === COMMA) this.state = State.FieldStart;
          else this.endRecord(c);
          continue;
        case State.Quoted:
          while (i < n) {
            c = text.charCodeAt(i);
            if (c === QUOTE) break;
            if (c === LF) {
              if (!this.prevCr) this.physicalLine++;
              this.prevCr = false;
            } else if (c === CR) {
              this.physicalLine++;
              this.prevCr = true;
            } else this.prevCr = false;
            i++;
          }
          this.partial += text.slice(start, i);
          if (i < n) {
            this.state = State.QuoteInQuoted;
            this.prevCr = false;
            i++;
          }
          continue;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.partial += '"';
            this.state = State.Quoted;
            start = ++i;
            continue;
          }
          if (c === COMMA || c === LF || c === CR) {
            this.endField(this.partial);
            i++;
            if (c === COMMA) this.state = State.FieldStart;
            else this.endRecord(c);
            continue;
          }
          this.problem ??= 'text after a closing quote (a quote inside a field must be doubled: "")';
          this.state = State.AfterBadQuote;
          continue;
        case State.AfterBadQuote:
          if (c === COMMA || c === LF || c === CR) {
            this.state = State.QuoteInQuoted;
            continue;
          }
          this.partial += text[i++];
          continue;
        case State.SkipLine:
          while (i < n) {
            c = text.charCodeAt(i);
            if (c === LF || c === CR) break;
            i++;
          }
          if (i < n) {
            this.lineBreak(c);
            this.state = State.RecordStart;
            i++;
          }
          continue;
      }
    }
    if (this.inRecord() && this.recordChars + this.partial.length > this.limits.maxRecordChars) this.tooLong(true);
  }

  /** Completes the last record; a file need not end with a line break. */
  end(): void {
    if (this.state === State.Quoted) this.problem ??= 'a quoted field is never closed (missing ")';
    if (this.inRecord()) {
      this.endField(this.partial);
      if (this.recordChars > this.limits.maxRecordChars) this.tooLong(false);
      else this.emit();
    }
    this.state = State.RecordStart;
  }

  private inRecord(): boolean {
    return this.state !== State.RecordStart && this.state !== State.SkipLine;
  }

  private lineBreak(c: number): void {
    this.physicalLine++;
    this.prevCr = c === CR;
  }

  private endField(value: string): void {
    this.partial = '';
    this.fieldCount++;
    this.recordChars += value.length + 1;
    if (this.fields.length < this.limits.maxFields) this.fields.push(value);
    else this.problem ??= `more than ${this.limits.maxFields} fields`;
  }

  private endRecord(c: number): void {
    this.lineBreak(c);
    this.state = State.RecordStart;
    if (this.recordChars > this.limits.maxRecordChars) this.tooLong(false);
    else this.emit();
  }

  private tooLong(skipRest: boolean): void {
    this.problem = `record longer than ${this.limits.maxRecordChars} characters`;
    this.fields = [];
    this.emit();
    if (skipRest) this.state = State.SkipLine;
  }

  private emit(): void {
    const blank = !this.problem && this.fieldCount === 1 && !this.recordQuoted && this.fields[0].trim() === '';
    if (!blank) {
      const record = this.record;
      record.fields = this.fields;
      record.line = this.recordLine;
      record.fieldCount = this.fieldCount;
      record.problem = this.problem;
      this.onRecord(record);
    }
    this.fields = [];
    this.fieldCount = 0;
    this.partial = '';
    this.recordChars = 0;
    this.recordQuoted = false;
    this.problem = null;
  }
}
