// Operator endpoints for jobs that gave up. Access control is added by the app (a global guard
// checking the admin role); these routes must not be public in production.
import { Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FailedJobsService } from './failed-jobs.service';

@ApiTags('ops')
@Controller('ops/failed-jobs')
export class FailedJobsController {
  constructor(@Inject(FailedJobsService) private readonly failedJobs: FailedJobsService) {}

  @Get()
  @ApiOperation({ summary: "Jobs that failed permanently on this service's queues, newest first" })
  @ApiQuery({ name: 'queue', required: false })
  @ApiQuery({ name: 'limit', required: false, description: 'per queue, 1..500, default 50' })
  list(@Query('queue') queue?: string, @Query('limit') limit?: string) {
    return this.failedJobs.list({ queue, limit: limit ? Number(limit) || undefined : undefined });
  }

  @Get(':queue/:id')
  @ApiOperation({ summary: 'One failed job with its payload and stack traces' })
  get(@Param('queue') queue: string, @Param('id') id: string) {
    return this.failedJobs.get(queue, id);
  }

  @Post(':queue/:id/redrive')
  @ApiOperation({ summary: 'Retry a failed job with a fresh attempt budget' })
  redrive(@Param('queue') queue: string, @Param('id') id: string) {
    return this.failedJobs.redrive(queue, id);
  }
}
