import { Module } from '@nestjs/common';
import { BenchmarkRepository } from './benchmark.repository';
import { PackRepository } from './pack.repository';
import { PeerSetRepository } from './peer-set.repository';
import { ReferenceSetRepository } from './reference-set.repository';
import { RunRepository } from './run.repository';
import { TrustDataRepository } from './trust-data.repository';

const REPOSITORIES = [BenchmarkRepository, PackRepository, PeerSetRepository, RunRepository, ReferenceSetRepository, TrustDataRepository];

/** Every SQL statement of the benchmarking service lives in one of these (one per table family or source). */
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
