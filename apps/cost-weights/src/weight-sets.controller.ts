import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ProblemException, PROBLEM_TYPES, Roles } from '@nhsp/service-kit';
import { rejectBadFileAsProblem } from '@nhsp/service-kit';
import { sourceFromRequest, UploadedCsv } from '@nhsp/service-kit';
import { EQUALISATIONS, Equalisation } from './schedule-analysis';
import { WeightSetsService } from './weight-sets.service';

/** A national schedule is a few MB; far larger is not a schedule. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

const weightsQuery = z.object({
  equalisation: z.enum(EQUALISATIONS as [Equalisation, ...Equalisation[]]).default('opproc-dc'),
  pod: z.string().min(1).max(20).optional(),
});

@ApiTags('weight-sets')
@Controller('weight-sets')
// Reading sets is for analysts; loading one changes every estimate, so it is for admins.
@Roles('analyst')
export class WeightSetsController {
  constructor(private readonly sets: WeightSetsService) {}

  /** 201 with the new set, or 200 with the existing one when this file was loaded before. */
  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ description: 'an NCC schedule CSV as one multipart file (optional field `name`), or JSON { path, name? }' })
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

  @Get(':id/weights')
  @ApiQuery({ name: 'equalisation', enum: EQUALISATIONS, required: false })
  @ApiQuery({ name: 'pod', required: false })
  weights(@Param('id', ParseUUIDPipe) id: string, @Query() query: Record<string, unknown>) {
    const parsed = weightsQuery.safeParse(query);
    if (!parsed.success) {
      throw new ProblemException({
        type: PROBLEM_TYPES.validation,
        title: 'Invalid request',
        status: HttpStatus.BAD_REQUEST,
        detail: 'equalisation must be opproc-dc or none',
        errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
      });
    }
    return this.sets.weights(id, parsed.data.equalisation, parsed.data.pod?.toUpperCase());
  }
}
