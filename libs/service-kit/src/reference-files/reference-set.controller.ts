// The HTTP face of a service that keeps sets loaded from reference files (cost-weights' weight
// sets, deflators' deflator sets): load a file by upload or by path, list the sets, read one.
// Written once so both services answer, document and reject files the same way.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, ParseUUIDPipe, Post, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../access/decorators';
import { DataRoots } from '../edge/data-roots';
import { rejectBadFileAsProblem } from './bad-file';
import { LoadSource, sourceFromRequest, UploadedCsv } from './file-source';

/** The provider behind the controller: it reads, checks and stores; the controller only routes. */
export interface ReferenceSetStore {
  /** `created` is false when a file with the same content was loaded before. Throws BadFileError. */
  load(source: LoadSource): Promise<{ set: { id: string }; created: boolean }>;
  list(): Promise<unknown>;
  /** Throws a 404 problem for an unknown id. */
  get(id: string): Promise<unknown>;
}

export interface ReferenceSetControllerOptions<S extends ReferenceSetStore> {
  /** Route prefix and OpenAPI tag, e.g. `weight-sets`. */
  path: string;
  /** The store's provider class (its injection token). */
  store: Type<S>;
  /** Uploads above this many bytes are refused before they are read. */
  maxUploadBytes: number;
  /** What the file is, for the OpenAPI body description, e.g. `deflators.csv`. */
  fileDescription: string;
}

/**
 * A controller class to extend (`class DeflatorSetsController extends referenceSetController({...}) {}`),
 * so OpenAPI operation ids keep the service's own class name.
 *
 * A service's own routes go in `OwnRoutes`, a class this one extends: Nest and the OpenAPI document
 * list a class's routes before its base's, so they come after load, list and get. Their methods
 * reach the store as `this.sets` (declare it: `protected declare readonly sets: TheStore`).
 */
export function referenceSetController<S extends ReferenceSetStore>(
  options: ReferenceSetControllerOptions<S>,
  OwnRoutes: abstract new () => object = class {},
) {
  @ApiTags(options.path)
  @Controller(options.path)
  // Reading sets is for analysts; loading one changes every estimate, so it is for admins.
  @Roles('analyst')
  class ReferenceSetController extends OwnRoutes {
    constructor(
      @Inject(options.store) protected readonly sets: S,
      private readonly roots: DataRoots,
    ) {
      super();
    }

    /** 201 with the new set, or 200 with the existing one when this file was loaded before. */
    @Post()
    @Roles('admin')
    @HttpCode(HttpStatus.OK)
    @ApiConsumes('multipart/form-data', 'application/json')
    @ApiBody({ description: `${options.fileDescription} as one multipart file (optional field \`name\`), or JSON { path, name? } with a path below DATA_ROOTS` })
    @UseInterceptors(AnyFilesInterceptor({ limits: { fileSize: options.maxUploadBytes, files: 2 } }))
    @ApiOperation({ summary: 'Load a set from a file (upload or a path below DATA_ROOTS); 201 new, 200 already loaded' })
    async load(@UploadedFiles() files: UploadedCsv[] | undefined, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
      const source = sourceFromRequest(files, body);
      if (typeof source.csv === 'object' && 'path' in source.csv) source.csv = { path: await this.roots.confine(source.csv.path) };
      const { set, created } = await rejectBadFileAsProblem(() => this.sets.load(source));
      res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return { ...set, duplicate: !created };
    }

    @Get()
    @ApiOperation({ summary: 'Every loaded set, newest first' })
    list() {
      return this.sets.list();
    }

    @Get(':id')
    @ApiOperation({ summary: 'One set by id' })
    get(@Param('id', ParseUUIDPipe) id: string) {
      return this.sets.get(id);
    }
  }
  return ReferenceSetController;
}
