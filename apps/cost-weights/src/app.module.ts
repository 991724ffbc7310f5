import { Module } from '@nestjs/common';
import { ReferenceFiles } from '@nhsp/service-kit';
import { ReferenceStoredHandler } from './reference-stored.handler';
import { WeightSetsController } from './weight-sets.controller';
import { WeightSetRepository } from './weight-set.repository';
import { WeightSetsService } from './weight-sets.service';

@Module({
  controllers: [WeightSetsController, ReferenceStoredHandler],
  providers: [WeightSetsService, WeightSetRepository, ReferenceFiles],
})
export class AppModule {}
