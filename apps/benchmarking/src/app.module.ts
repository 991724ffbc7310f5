import { Module } from '@nestjs/common';
import { BenchmarksController, PeerSetsController } from './benchmarks.controller';
import { BenchmarksService } from './benchmarks.service';

@Module({
  controllers: [BenchmarksController, PeerSetsController],
  providers: [BenchmarksService],
})
export class AppModule {}
