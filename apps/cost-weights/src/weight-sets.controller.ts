import { Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { invalidRequest, referenceSetController } from '@nhsp/service-kit';
import { EQUALISATIONS, methodSettingsSchema } from '@nhsp/methodology';
import { WeightSetsService } from './weight-sets.service';

const weightsQuery = z.object({
  // The setting as the methodology declares it: its values and its default.
  equalisation: methodSettingsSchema.shape.equalisation,
  pod: z.string().min(1).max(20).optional(),
});

/** The weights of one set: a route deflator sets do not have (listed after the shared ones). */
abstract class WeightRoutes {
  protected declare readonly sets: WeightSetsService;

  @Get(':id/weights')
  @ApiQuery({ name: 'equalisation', enum: EQUALISATIONS, required: false })
  @ApiQuery({ name: 'pod', required: false })
  @ApiOperation({ summary: 'The cost weights of one set, derived from its schedule under an equalisation setting' })
  weights(@Param('id', ParseUUIDPipe) id: string, @Query() query: Record<string, unknown>) {
    const parsed = weightsQuery.safeParse(query);
    if (!parsed.success) throw invalidRequest(`equalisation must be ${EQUALISATIONS.join(' or ')}`, parsed.error.issues);
    return this.sets.weights(id, parsed.data.equalisation, parsed.data.pod?.toUpperCase());
  }
}

/** Load, list and read weight sets (the same routes as deflators' deflator sets), and their weights. */
export class WeightSetsController extends referenceSetController(
  {
    path: 'weight-sets',
    store: WeightSetsService,
    // A national schedule is a few MB; far larger is not a schedule.
    maxUploadBytes: 64 * 1024 * 1024,
    fileDescription: 'an NCC schedule CSV',
  },
  WeightRoutes,
) {}
