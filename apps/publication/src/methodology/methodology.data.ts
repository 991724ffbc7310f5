// What the methodology page is generated from: the release a caller may see (the embargo rule,
// ReleaseVisibility.visibleRelease), its manifest's settings and sets, the deflator values of its
// set, and the method of every release published before it.
import { Injectable } from '@nestjs/common';
import { MethodSettings, resolveSettings, SettingsOverrides } from '@nhsp/methodology';
import type { Principal } from '@nhsp/service-kit';
import { BoardAnswerReads } from '../board-answers.reads';
import { ReleaseVisibility } from '../release-visibility';
import { SourceViews } from '../source-views';
import { LoggedRelease, methodChanges } from './method-changes';
import type { MethodologyModel } from './methodology-page';
import { MethodologyRepository } from './methodology.repository';

@Injectable()
export class MethodologyData {
  constructor(
    private readonly releases: ReleaseVisibility,
    private readonly views: SourceViews,
    private readonly repository: MethodologyRepository,
    private readonly reads: BoardAnswerReads,
  ) {}

  async model(selection: { period?: string; releaseId?: string }, principal: Principal | undefined): Promise<MethodologyModel | null> {
    const release = await this.releases.visibleRelease(selection, principal);
    if (!release) return null;
    const manifest = release.manifest as { settings?: unknown; weightSet?: MethodologyModel['weightSet']; deflatorSet?: MethodologyModel['deflatorSet']; codeVersion?: string };
    const settings = settingsOf(manifest.settings);
    // The method of every release published up to this one (and this one, if a preview).
    const published = await this.repository.publishedUpTo(release.id, release.publishedAt);
    const runs = new Map((await this.reads.runs(published.map((r) => r.run_id))).map((r) => [r.id, r]));
    const logged: LoggedRelease[] = published.filter((r) => runs.has(r.run_id)).map((r) => ({
      id: r.id, period: r.period, vintage: r.vintage, publishedAt: r.published_at,
      settings: settingsOf(runs.get(r.run_id)!.settings), inputs: runs.get(r.run_id)!.inputs, weightSet: r.weight_set, deflatorSet: r.deflator_set,
    }));
    return {
      release: { id: release.id, period: release.period, vintage: release.vintage, status: release.status, publishedAt: release.publishedAt },
      settings,
      weightSet: manifest.weightSet ?? null,
      deflatorSet: manifest.deflatorSet ?? null,
      deflatorYears: await this.views.deflatorYears(manifest.deflatorSet?.id),
      codeVersion: manifest.codeVersion ?? null,
      changes: methodChanges(logged).reverse(),
    };
  }
}

/** A stored run's settings read through resolveSettings: a setting added later reads at its default, so only real changes show. */
function settingsOf(stored: unknown): MethodSettings {
  return resolveSettings((stored ?? {}) as SettingsOverrides);
}
