// Where a service may read files named in a request or message ({ "path": … } of
// POST /bundles/folder, /weight-sets, /deflator-sets, schedule.load.v1): only below the folders
// DATA_ROOTS lists, and never through a symbolic link. Without that, a path to a link to
// /etc/shadow was read and its first line quoted back in the 422. The roots are checked once,
// at start-up (a missing folder stops the service); without DATA_ROOTS no path is read at all.
//
// What remains: a link swapped in between this check and the read. The roots are meant to be
// folders only operators can write to.
import { HttpStatus } from '@nestjs/common';
import { realpathSync, statSync } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { shownText, ProblemException } from '../problem-details';

export interface DataRoot {
  /** The folder as configured, normalised. */
  given: string;
  /** The same folder with any link in its own path resolved (e.g. /tmp → /private/tmp). */
  real: string;
}

export const PATH_NOT_ALLOWED = 'urn:nhsp:problem:path-not-allowed';

/** DATA_ROOTS: comma-separated absolute paths of existing folders; empty = no folder reads. */
export const dataRootsSetting = z
  .string()
  .default('')
  .transform((value, ctx): DataRoot[] => {
    const roots: DataRoot[] = [];
    for (const root of value.split(',').map((r) => r.trim()).filter(Boolean)) {
      const problem = rootProblem(root);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      else roots.push({ given: resolve(root), real: realpathSync(root) });
    }
    return roots;
  });

function rootProblem(root: string): string | undefined {
  if (!isAbsolute(root)) return `must list absolute folders; "${root}" is not absolute`;
  if (resolve(root) === sep) return 'must name the folders data is read from, not the whole file system (/)';
  try {
    if (!statSync(root).isDirectory()) return `must list folders; "${root}" is not a folder`;
  } catch {
    return `must list existing folders; "${root}" does not exist`;
  }
  return undefined;
}

/** The configured roots, and the one check every folder read goes through. */
export class DataRoots {
  constructor(readonly roots: readonly DataRoot[]) {}

  /**
   * `path` (absolute) as it may be read: 403 problem when it lies outside every root or passes
   * through a symbolic link below its root. A path that does not exist is returned as it is, so
   * that the caller reports it as it always has ("no such file").
   */
  async confine(path: string): Promise<string> {
    const shown = shownText(path);
    if (this.roots.length === 0) throw pathNotAllowed(`This service reads no folders: DATA_ROOTS is not set, so ${shown} cannot be read`);
    const wanted = resolve(path);
    const root = this.roots.find((r) => within(r.given, wanted) || within(r.real, wanted));
    if (!root) throw pathNotAllowed(`${shown} is outside the folders this service reads (DATA_ROOTS: ${this.roots.map((r) => r.given).join(', ')})`);
    const candidate = join(root.real, relative(within(root.given, wanted) ? root.given : root.real, wanted));
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // A link whose target is gone is still a link.
      if ((await lstat(candidate).catch(() => undefined))?.isSymbolicLink()) throw throughLink(shown);
      return candidate;
    }
    if (real !== candidate) throw throughLink(shown);
    return candidate;
  }
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function throughLink(shown: string): ProblemException {
  return pathNotAllowed(`${shown} is or passes through a symbolic link; folder reads follow no links`);
}

export function pathNotAllowed(detail: string): ProblemException {
  return new ProblemException({ type: PATH_NOT_ALLOWED, title: 'Path not allowed', status: HttpStatus.FORBIDDEN, detail });
}
