// Audit rows and last-used stamps are written after the response; closing the app waits for
// them so no row is lost to a pool that closed first.
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

@Injectable()
export class PendingWrites implements BeforeApplicationShutdown {
  private readonly writes = new Set<Promise<void>>();

  /** `write` must not reject (log inside it). */
  track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  async settle(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.settle();
  }
}
