import { Module } from '@nestjs/common';
import { BenchmarksController, PeerSetsController } from './benchmarks.controller';
import { BenchmarksService } from './benchmarks.service';
import { PeerSetsService } from './peer-sets.service';
import { RepositoriesModule } from './repositories/repositories.module';

@Module({
  imports: [RepositoriesModule],
  controllers: [BenchmarksController, PeerSetsController],
  providers: [BenchmarksService, PeerSetsService],
})
export class AppModule {}
