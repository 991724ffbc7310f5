import { FileHandle } from 'node:fs/promises';
import { ColumnSpec, ReadOptions, readCsv } from '../csv/reader';
import { SLOTS } from './protocol';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const HEADER_PROBE_BYTES = 64 * 1024;
const BOUNDARY_PROBE_BYTES = 64 * 1024;

export interface FilePlan {
  /** Byte offset of the first data line (line 2). */
  dataStart: number;
  size: number;
  /** The header as written, exactly as the streaming reader reports it. */
  columns: string[];
  width: number;
  /** Header position of each SLOTS column, -1 when absent. */
  fields: number[];
}

/**
 * Reads and checks the header with the streaming reader itself, so a bad header is reported by
 * the same code either way. Returns null (read the file the streaming way) unless the header is
 * one plain line on line 1: no quotes, and no CR but one just before its LF.
 */
export async function planFile(
  handle: FileHandle,
  size: number,
  file: string,
  spec: ColumnSpec,
  options: ReadOptions,
): Promise<FilePlan | null> {
  const probe = Buffer.alloc(Math.min(HEADER_PROBE_BYTES, size));
  const { bytesRead } = await handle.read(probe, 0, probe.length, 0);
  const lineEnd = probe.subarray(0, bytesRead).indexOf(LF);
  if (lineEnd < 0) return null;
  const header = probe.subarray(0, lineEnd + 1);
  if (header.includes(QUOTE)) return null;
  const cr = header.indexOf(CR);
  if (cr >= 0 && cr !== lineEnd - 1) return null;
  let columns: string[];
  try {
    const pass = await readCsv({ bytes: header, name: file }, file, spec, { ...options, name: file }, () => undefined);
    if (pass.recordsRead > 0) return null;
    columns = pass.columns;
  } catch {
    return null;
  }
  const positions = new Map(columns.map((name, at) => [normalise(name), at]));
  return {
    dataStart: lineEnd + 1,
    size,
    columns,
    width: columns.length,
    fields: SLOTS.map((column) => positions.get(column) ?? -1),
  };
}

/** As the streaming reader matches header names to contract columns. */
const normalise = (name: string): string => name.replace(/^\uFEFF/, '').trim().toLowerCase();

/**
 * Cuts [start, size) into at most `count` ranges that each begin at a line start, so that no
 * line is split between workers. Returns the boundaries, first `start` and last `size`.
 */
export async function lineAlignedBoundaries(handle: FileHandle, start: number, size: number, count: number): Promise<number[]> {
  const boundaries = [start];
  const probe = Buffer.alloc(BOUNDARY_PROBE_BYTES);
  for (let i = 1; i < count; i++) {
    const nominal = start + Math.floor(((size - start) * i) / count);
    if (nominal <= boundaries[boundaries.length - 1]) continue;
    const boundary = await nextLineStart(handle, nominal, size, probe);
    if (boundary > boundaries[boundaries.length - 1] && boundary < size) boundaries.push(boundary);
  }
  boundaries.push(size);
  return boundaries;
}

/** The first line start at or after `at` (a line starts just after an LF). */
async function nextLineStart(handle: FileHandle, at: number, size: number, probe: Buffer): Promise<number> {
  let position = at - 1;
  while (position < size) {
    const { bytesRead } = await handle.read(probe, 0, probe.length, position);
    if (bytesRead === 0) break;
    const lf = probe.subarray(0, bytesRead).indexOf(LF);
    if (lf >= 0) return position + lf + 1;
    position += bytesRead;
  }
  return size;
}
