import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@nhsp/service-kit';
import { rejectBadFileAsProblem } from '@nhsp/service-kit';
import { DeflatorSetsService } from './deflator-sets.service';
import { sourceFromRequest, UploadedCsv } from '@nhsp/service-kit';

/** A deflator series is a few hundred bytes; this is generous. */
const MAX_UPLOAD_BYTES = 1024 * 1024;

@ApiTags('deflator-sets')
@Controller('deflator-sets')
// Reading sets is for analysts; loading one changes every estimate, so it is for admins.
@Roles('analyst')
export class DeflatorSetsController {
  constructor(private readonly sets: DeflatorSetsService) {}

  /** 201 with the new set, or 200 with the existing one when this file was loaded before. */
  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ description: 'deflators.csv as one multipart file (optional field `name`), or JSON { path, name? }' })
  @UseInterceptors(AnyFilesInterceptor({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 2 } }))
  async load(@UploadedFiles() files: UploadedCsv[] | undefined, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const source = sourceFromRequest(files, body);
    const { set, created } = await rejectBadFileAsProblem(() => this.sets.load(source));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { ...set, duplicate: !created };
  }

  @Get()
  list() {
    return this.sets.list();
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.sets.get(id);
  }
}
