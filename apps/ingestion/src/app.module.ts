import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { SERVICE_CONFIG } from '@nhsp/service-kit';
import { BatchesController } from './batches.controller';
import { BundleStore } from './bundle-store';
import { BundlesController } from './bundles.controller';
import type { IngestionConfig } from './config';
import { BatchAnnouncer } from './batch-announcer';
import { IngestionService } from './ingestion.service';
import { NotificationsModule } from './notifications/notifications.module';
import { RepositoriesModule } from './repositories/repositories.module';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [SERVICE_CONFIG],
      // Disk, not memory: a record-level activity file can be far larger than the heap.
      useFactory: (config: IngestionConfig) => ({
        storage: diskStorage({ destination: config.UPLOAD_DIR }),
        limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 12 },
      }),
    }),
    RepositoriesModule,
    NotificationsModule,
  ],
  controllers: [BundlesController, BatchesController],
  providers: [IngestionService, BundleStore, BatchAnnouncer],
})
export class AppModule {}
