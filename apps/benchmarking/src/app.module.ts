import { Module } from '@nestjs/common';
import { BenchmarksController, PeerSetsController } from './benchmarks.controller';
import { BenchmarksService } from './benchmarks.service';
import { MonthDataCache } from './month-data';
import { PacksController } from './packs.controller';
import { PacksService } from './packs.service';
import { PeerSetsService } from './peer-sets.service';
import { RepositoriesModule } from './repositories/repositories.module';
import { RunPacksService } from './run-packs.service';

@Module({
  imports: [RepositoriesModule],
  controllers: [BenchmarksController, PeerSetsController, PacksController],
  providers: [BenchmarksService, PeerSetsService, MonthDataCache, RunPacksService, PacksService],
})
export class AppModule {}
