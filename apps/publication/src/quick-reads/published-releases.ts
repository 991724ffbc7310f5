// The public releases, kept in memory for the quick path: which release is current for each
// period, and which releases were ever published. It is trusted only while it is provably up to
// date - its own connection LISTENs for RELEASE_CHANGES_CHANNEL (a trigger notifies on every
// change to publication.release, whoever makes it) and reloads on each notification, and the
// same connection reloads every HEARTBEAT_MS, which also proves it alive. Without a successful
// load in the last TRUSTED_FOR_MS, after a connection error, or once a scheduled release is due
// (the routed path publishes it first), `choose` answers "ask the database" and the quick path
// steps aside. It can never show more than the routed path: only releases with a publication
// time are held.
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { describePgError, RELEASE_CHANGES_CHANNEL, ReleaseEntity, releaseColumnsWithoutManifest } from '@nhsp/persistence';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import type { ReleaseSelection } from '../release-visibility';

const HEARTBEAT_MS = 2_000;
const TRUSTED_FOR_MS = 3 * HEARTBEAT_MS;
const QUERY_TIMEOUT_MS = 5_000;
const RECONNECT_MAX_MS = 30_000;

/** What the quick path needs of a release: exactly the columns the routed path reads without the manifest. */
export type PublicRelease = Omit<ReleaseEntity, 'manifest'>;

interface Snapshot {
  byId: Map<string, PublicRelease>;
  /** The period's published release (status `published`). */
  currentByPeriod: Map<string, PublicRelease>;
  latestPeriod: string | undefined;
  /** The releases with status `published`, in period order (ReleaseVisibility.allPublished for the public). */
  published: PublicRelease[];
  /** When the earliest scheduled release falls due (ms since epoch); Infinity if none. */
  nextDueAt: number;
  loadedAt: number;
}

const LOAD = `
  SELECT ${releaseColumnsWithoutManifest()}
    FROM publication.release
   WHERE published_at IS NOT NULL OR status = 'scheduled'`;

@Injectable()
export class PublishedReleases implements OnApplicationShutdown {
  private readonly logger = new Logger(PublishedReleases.name);
  private client: Client | undefined;
  private snapshot: Snapshot | undefined;
  private loading: Promise<void> | undefined;
  private loadAgain = false;
  /** Bumped by changed(): a load begun before the change must not install its older view. */
  private generation = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private reconnectDelayMs = 1_000;
  private stopped = false;
  /** Told the ids of the releases held whenever that set changes (the read models drop the others). */
  private readonly listeners: Array<(ids: ReadonlySet<string>) => void> = [];
  private held = '';
  /** Each release's row as last loaded (serialised) and its object. */
  private rows = new Map<string, { row: string; release: PublicRelease }>();

  constructor(@InjectConfig() private readonly config: PublicationConfig) {}

  /** Connects, listens and loads; failures only leave the quick path off until a reconnect works. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
    this.heartbeat = setInterval(() => this.requestLoad(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnect);
    await this.dropConnection();
  }

  /**
   * The release the public gets for this selection (ReleaseVisibility.visibleRelease for a caller
   * without a key), null when there is none, or undefined when only the database can tell now.
   */
  choose(selection: ReleaseSelection, now = Date.now()): PublicRelease | null | undefined {
    const s = this.snapshot;
    if (!s || !this.client || now - s.loadedAt > TRUSTED_FOR_MS || now >= s.nextDueAt) return undefined;
    if (selection.releaseId !== undefined) {
      const release = s.byId.get(selection.releaseId);
      if (!release || (selection.period !== undefined && release.period !== selection.period)) return null;
      return release;
    }
    const period = selection.period ?? s.latestPeriod;
    return (period !== undefined && s.currentByPeriod.get(period)) || null;
  }

  /**
   * The public's series releases (ReleaseVisibility.visibleReleasesPerPeriod without a key): the
   * published releases in period order; undefined when only the database can tell now, or when
   * a period has two (the SQL path decides their order).
   */
  publishedInPeriodOrder(now = Date.now()): readonly PublicRelease[] | undefined {
    const s = this.snapshot;
    if (!s || !this.client || now - s.loadedAt > TRUSTED_FOR_MS || now >= s.nextDueAt) return undefined;
    return s.published.length === s.currentByPeriod.size ? s.published : undefined;
  }

  /** `listener` hears the ids of every release held (ever published) each time that set changes. */
  onReleasesChanged(listener: (ids: ReadonlySet<string>) => void): void {
    this.listeners.push(listener);
  }

  /**
   * This process changed releases (ReleasePublishing, after its commit): forget the snapshot now
   * rather than when the notification arrives, so whoever published reads the new release at
   * once from this process. Other replicas hear it by notification a moment later.
   */
  changed(): void {
    this.generation++;
    this.snapshot = undefined;
    void this.requestLoad();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'publication-releases', query_timeout: QUERY_TIMEOUT_MS, connectionTimeoutMillis: QUERY_TIMEOUT_MS });
    // A lost connection (PostgreSQL restarted, network) must never crash the service: the quick
    // path stops trusting the snapshot and a new connection is made.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', () => this.requestLoad());
    try {
      await client.connect();
      // LISTEN before loading: a change committed while the load runs is heard, not missed.
      await client.query(`LISTEN ${RELEASE_CHANGES_CHANNEL}`);
      // Shut down while connecting: nothing may stay open behind the service's back.
      if (this.stopped) return void (await discard(client));
      this.client = client;
      this.reconnectDelayMs = 1_000;
      await this.requestLoad();
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  /** One load at a time; a request while one runs makes exactly one more afterwards. */
  private requestLoad(): Promise<void> {
    if (this.loading) {
      this.loadAgain = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
      if (this.loadAgain && this.client) {
        this.loadAgain = false;
        void this.requestLoad();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const started = Date.now();
    const generation = this.generation;
    let rows: PublicRelease[];
    try {
      rows = (await client.query<PublicRelease>(LOAD)).rows;
    } catch (error) {
      return this.lost(client, error as Error);
    }
    if (client !== this.client || generation !== this.generation) return;
    const byId = new Map<string, PublicRelease>();
    const loadedRows = new Map<string, { row: string; release: PublicRelease }>();
    const currentByPeriod = new Map<string, PublicRelease>();
    let latestPeriod: string | undefined;
    let nextDueAt = Infinity;
    for (const row of rows) {
      if (row.status === 'scheduled') {
        if (row.publishAt) nextDueAt = Math.min(nextDueAt, new Date(row.publishAt).getTime());
        continue;
      }
      byId.set(row.id, this.releaseOf(row, loadedRows));
      if (row.status === 'published') {
        currentByPeriod.set(row.period, byId.get(row.id)!);
        if (latestPeriod === undefined || row.period > latestPeriod) latestPeriod = row.period;
      }
    }
    this.rows = loadedRows;
    const sorted = [...byId.values()].filter((r) => r.status === 'published').sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    // The same releases as before: the same list, so what is worked out per list (HeldTrustPages' fingerprint) stays worked out.
    const before = this.snapshot?.published;
    const published = before && before.length === sorted.length && sorted.every((r, i) => r === before[i]) ? before : sorted;
    // Trusted from when the query was sent: anything committed later is a notification to come.
    this.snapshot = { byId, currentByPeriod, latestPeriod, published, nextDueAt, loadedAt: started };
    const held = [...byId.keys()].sort().join(',');
    if (held !== this.held) {
      this.held = held;
      const ids = new Set(byId.keys());
      for (const listener of this.listeners) listener(ids);
    }
  }

  /**
   * The release of a loaded row: the object of the last load while its row is unchanged. The
   * heartbeat reloads every HEARTBEAT_MS, and what is worked out once per release object (the
   * response cache's key part, a list's release summary) was worked out again for new objects
   * of the same rows each time, on the readers' event loop.
   */
  private releaseOf(row: PublicRelease, loaded: Map<string, { row: string; release: PublicRelease }>): PublicRelease {
    const text = JSON.stringify(row);
    const before = this.rows.get(row.id);
    const release = before?.row === text ? before.release : Object.assign(new ReleaseEntity(), row);
    loaded.set(row.id, { row: text, release });
    return release;
  }

  private lost(client: Client, error: Error): void {
    if (client !== this.client && this.client !== undefined) return;
    const wasListening = this.client === client;
    this.client = undefined;
    this.snapshot = undefined;
    void discard(client);
    if (this.stopped) return;
    if (wasListening) this.logger.warn(`release listener lost (${describePgError(error)}); quick reads off until it is back`);
    else this.logger.warn(`release listener could not start (${describePgError(error)}); retrying in ${this.reconnectDelayMs} ms`);
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => void this.connect(), this.reconnectDelayMs);
    this.reconnect.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
  }

  private async dropConnection(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.snapshot = undefined;
    if (client) await discard(client);
  }
}

/** Closes a client this service no longer listens to; whatever it says on the way out is ignored. */
async function discard(client: Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => undefined);
  await client.end().catch(() => undefined);
}
