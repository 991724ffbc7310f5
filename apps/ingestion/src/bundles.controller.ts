import { Body, Controller, HttpCode, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { rm, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CurrentPrincipal, DataRoots, OwnOrganisationCheckedInHandler, pathNotAllowed, Principal, ProblemException, Roles, safeText } from '@nhsp/service-kit';
import { IncomingFile } from './bundle-reader';
import { fileKindOf } from './file-kinds';
import { IngestionService, PROBLEMS, UploadView } from './ingestion.service';
import { assertOwnRows, assertSubmitterFileKinds } from './upload-access';

class FolderDto extends createZodDto(z.object({ path: safeText({ max: 4096 }).min(1) })) {}
/** The data contract's on_error: bad rows reject the upload (default) or are left out and reported. */
class UploadQueryDto extends createZodDto(z.object({ on_error: z.enum(['reject', 'quarantine']).default('reject') })) {}

@Controller('bundles')
export class BundlesController {
  constructor(
    private readonly ingestion: IngestionService,
    private readonly roots: DataRoots,
  ) {}

  /**
   * Multipart upload; each part's original file name (trusts.csv, activity.csv, …) says what it is.
   * Admin: any file. Submitter: activity, finance, its returns and notifications whose every row is its own organisation's.
   */
  @Post()
  @Roles('submitter', 'admin')
  @OwnOrganisationCheckedInHandler()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } } })
  @UseInterceptors(AnyFilesInterceptor())
  @ApiOperation({ summary: 'Upload data-contract files (multipart); 201 stored, 200 every file already stored, 422 a bad file' })
  async upload(
    @UploadedFiles() uploaded: Express.Multer.File[] | undefined,
    @Query() query: UploadQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
  ) {
    const files = (uploaded ?? []).map((f) => ({ fileName: f.originalname, path: f.path }));
    try {
      assertSubmitterFileKinds(principal, files.map((f) => f.fileName));
      return respond(await this.ingestion.ingest(files, { onError: query.on_error, authorise: (parsed) => assertOwnRows(principal, parsed) }), res);
    } finally {
      await Promise.all(files.map((f) => rm(f.path, { force: true })));
    }
  }

  /** Operators: ingest the data-contract files found in a folder below DATA_ROOTS (no links followed). */
  @Post('folder')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Operators: ingest the data-contract files of a folder below DATA_ROOTS' })
  async folder(@Body() body: FolderDto, @Query() query: UploadQueryDto, @Res({ passthrough: true }) res: Response) {
    return respond(await this.ingestion.ingest(await contractFilesIn(body.path, this.roots), { onError: query.on_error }), res);
  }
}

/** 201 when something new was stored; 200 when every file (and notification) was already there. */
function respond(upload: UploadView, res: Response) {
  res.status([...upload.batches, ...upload.notifications].every((b) => b.duplicate) ? 200 : 201);
  return upload;
}

async function contractFilesIn(dir: string, roots: DataRoots): Promise<IncomingFile[]> {
  const notUsable = (detail: string) => new ProblemException({ type: PROBLEMS.badBundle, status: 422, detail });
  if (!isAbsolute(dir)) throw notUsable(`path must be absolute: ${dir}`);
  const folder = await roots.confine(dir);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw notUsable(`not a readable directory: ${dir}`);
  const entries = (await readdir(folder, { withFileTypes: true })).filter((entry) => fileKindOf(entry.name) !== undefined);
  const links = entries.filter((entry) => entry.isSymbolicLink()).map((entry) => entry.name).sort();
  if (links.length > 0) throw pathNotAllowed(`${links.join(', ')} in ${dir}: symbolic link(s); folder reads follow no links, so nothing was read`);
  const names = entries.map((entry) => entry.name).sort();
  if (names.length === 0) throw notUsable(`no data-contract files (trusts.csv, activity.csv, …) in ${dir}`);
  return names.map((name) => ({ fileName: name, path: join(folder, name) }));
}
