import { Module } from '@nestjs/common';
import { DeflatorSetsController } from './deflator-sets.controller';
import { DeflatorSetsService } from './deflator-sets.service';
import { ReferenceFiles } from '@nhsp/service-kit';
import { ReferenceStoredHandler } from './reference-stored.handler';

@Module({
  controllers: [DeflatorSetsController, ReferenceStoredHandler],
  providers: [DeflatorSetsService, ReferenceFiles],
})
export class AppModule {}
