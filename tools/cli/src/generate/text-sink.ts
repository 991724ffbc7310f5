import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A file written in chunks with backpressure: callers append lines to a string they own, hand
 * it over once it passes `chunkSize`, and wait only when the file stream's buffer is full. Memory
 * stays at a chunk or two however many rows are written.
 */
export class TextSink {
  readonly chunkSize: number;
  bytes = 0;
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    chunkSize = 1 << 20,
  ) {
    this.chunkSize = chunkSize;
    this.stream = createWriteStream(path, { highWaterMark: chunkSize * 4 });
    this.stream.on('error', (error) => (this.failure = error));
  }

  /** Writes the text; resolves at once unless the stream asks us to wait for it to drain. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (text.length === 0) return;
    const chunk = Buffer.from(text, 'utf8');
    this.bytes += chunk.length;
    // once() also rejects if the stream errors while we wait.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Writes bytes the caller no longer touches (the stream keeps a reference until written). */
  async writeBytes(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}
