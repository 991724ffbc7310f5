import { Module } from '@nestjs/common';
import { ReferenceFiles } from '@nhsp/service-kit';
import { DeflatorSetRepository } from './deflator-set.repository';
import { DeflatorSetsController } from './deflator-sets.controller';
import { DeflatorSetsService } from './deflator-sets.service';
import { ReferenceStoredHandler } from './reference-stored.handler';

@Module({
  controllers: [DeflatorSetsController, ReferenceStoredHandler],
  providers: [DeflatorSetsService, DeflatorSetRepository, ReferenceFiles],
})
export class AppModule {}
