import { Module } from '@nestjs/common';
import { BatchRepository } from './batch.repository';
import { MonthlyDataRepository } from './monthly-data.repository';
import { NotificationRepository } from './notification.repository';
import { ReferenceFileRepository } from './reference-file.repository';
import { ReturnsRepository } from './returns.repository';
import { TrustRepository } from './trust.repository';

const REPOSITORIES = [BatchRepository, TrustRepository, MonthlyDataRepository, ReturnsRepository, ReferenceFileRepository, NotificationRepository];

/** Every SQL statement of the ingestion service lives in one of these (one per table family). */
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
