import type { ExplanationModels } from '../read-model/explanation-models';
import type { ReleaseModels } from '../read-model/release-models';
import type { ResponseCache } from '../response-cache';
import type { PublicationConfig } from '../config';
import { PRELOAD_SETTLE_MS } from './after-releases-settle';
import { ModelReads } from './model-reads';
import type { PublicRelease, PublishedReleases } from './published-releases';

/** Stand-ins that record which releases' models were asked for, in the order asked. */
function setUp() {
  let listener: (ids: ReadonlySet<string>) => void = () => undefined;
  let published: PublicRelease[] = [];
  const loaded: string[] = [];
  const explained: string[] = [];
  let onLoad: (id: string) => void = () => undefined;
  const releases = {
    onReleasesChanged: (l: typeof listener) => (listener = l),
    publishedInPeriodOrder: () => published,
  } as unknown as PublishedReleases;
  const models = {
    retainOnly: () => undefined,
    // Nothing loaded: the start's warm-up (warm-up.ts) has no model to render from.
    loaded: () => undefined,
    get: async (release: PublicRelease) => {
      loaded.push(release.id);
      onLoad(release.id);
      return undefined;
    },
  } as unknown as ReleaseModels;
  const explanations = { preload: async (release: PublicRelease) => void explained.push(release.id) } as unknown as ExplanationModels;
  const reads = new ModelReads(models, releases, {} as ResponseCache, {} as PublicationConfig, explanations);
  const publish = (...periods: string[]) => {
    published = [...published, ...periods.map((period) => ({ id: `r-${period}`, period }) as PublicRelease)];
    listener(new Set(published.map((r) => r.id)));
  };
  return { reads, publish, loaded, explained, whenLoading: (f: (id: string) => void) => (onLoad = f) };
}

/** Lets the preload's chain of promises run (no timers involved). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('ModelReads preload', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('loads the first set of releases at once, newest first, then their explanations', async () => {
    const { reads, publish, loaded, explained } = setUp();
    publish('2025-04', '2025-05');
    await reads.preloaded(1_000);
    expect(loaded).toEqual(['r-2025-05', 'r-2025-04']);
    expect(explained).toEqual(['r-2025-05', 'r-2025-04']);
  });

  it('waits for a burst of publications to settle, then loads once', async () => {
    const { reads, publish, loaded } = setUp();
    publish('2025-04');
    await reads.preloaded(1_000);
    loaded.length = 0;

    publish('2025-05');
    jest.advanceTimersByTime(PRELOAD_SETTLE_MS - 1);
    publish('2025-06'); // still changing: the wait starts again
    jest.advanceTimersByTime(PRELOAD_SETTLE_MS - 1);
    await settle();
    expect(loaded).toEqual([]);

    jest.advanceTimersByTime(1);
    await settle();
    expect(loaded).toEqual(['r-2025-06', 'r-2025-05', 'r-2025-04']);
  });

  it('stops a preload under way when the releases change again, and loads after they settle', async () => {
    const { reads, publish, loaded, whenLoading } = setUp();
    publish('2025-04', '2025-05', '2025-06');
    await reads.preloaded(1_000);
    loaded.length = 0;

    publish('2025-07');
    jest.advanceTimersByTime(PRELOAD_SETTLE_MS);
    // A publication arrives while the first model of this preload loads.
    whenLoading((id) => id === 'r-2025-07' && publish('2025-08'));
    await settle();
    expect(loaded).toEqual(['r-2025-07']);

    whenLoading(() => undefined);
    jest.advanceTimersByTime(PRELOAD_SETTLE_MS);
    await settle();
    expect(loaded).toEqual(['r-2025-07', 'r-2025-08', 'r-2025-07', 'r-2025-06', 'r-2025-05', 'r-2025-04']);
  });

  it('preloads a change heard before the service listens at once, and the start waits for it', async () => {
    const { reads, publish, loaded, whenLoading } = setUp();
    // A publication arrives while the start's first preload loads its first model.
    whenLoading((id) => {
      if (id !== 'r-2025-05') return;
      whenLoading(() => undefined);
      publish('2025-06');
    });
    publish('2025-04', '2025-05');
    let listening = false;
    const started = reads.preloaded(60_000).then(() => (listening = true));
    await settle();
    // No settling wait before the service listens: the change's preload ran behind the stopped one.
    expect(loaded).toEqual(['r-2025-05', 'r-2025-06', 'r-2025-05', 'r-2025-04']);
    expect(listening).toBe(true);
    await started;
  });
});
