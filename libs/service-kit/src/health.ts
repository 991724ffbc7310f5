// /health/live: the process answers (restart it if not). /health/ready: its dependencies answer
// (take it out of the load balancer if not). Each dependency is one terminus indicator.
import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { QUEUE_DRIVER, QueueDriver } from '@nhsp/queue';

@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
  ) {}

  async isHealthy(key: string) {
    const check = this.indicators.check(key);
    try {
      await this.driver.ping();
      return check.up({ backend: this.driver.backend });
    } catch (error) {
      return check.down({ backend: this.driver.backend, message: (error as Error).message });
    }
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly queue: QueueHealthIndicator,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database and the queue answer' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.queue.isHealthy('queue'),
    ]);
  }
}
