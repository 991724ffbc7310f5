import { Module } from '@nestjs/common';
import { BenchmarkRepository } from './benchmark.repository';
import { PeerSetRepository } from './peer-set.repository';
import { RunRepository } from './run.repository';

const REPOSITORIES = [BenchmarkRepository, PeerSetRepository, RunRepository];

/** Every SQL statement of the benchmarking service lives in one of these (one per table family or source). */
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
