// What the public API needs besides the release and data controllers: the downloads, the rate
// limit and the quick reads ahead of Express. Imported by AppModule in one line.
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessResolver, SERVICE_CONFIG } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { ReleasesModule } from '../releases.module';
import { ReportModule } from '../report/report.module';
import { ClientAddresses } from './client-address';
import { DownloadsController } from './downloads.controller';
import { DownloadsService } from './downloads.service';
import { QuickFigures } from '../quick-reads/quick-figures';
import { ModelReads } from '../quick-reads/model-reads';
import { ReleaseModels } from '../read-model/release-models';
import { PublicRateLimitGuard, RATE_LIMIT_WINDOW_MS, THROTTLER_NAME } from './rate-limit.guard';

@Module({
  imports: [
    ReleasesModule,
    ReportModule,
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_CONFIG, AccessResolver],
      useFactory: (config: PublicationConfig, access: AccessResolver) => ({
        throttlers: [
          {
            name: THROTTLER_NAME,
            ttl: RATE_LIMIT_WINDOW_MS,
            // Per caller: a valid key has its own (higher) limit; 0 = none, skipped by the guard.
            limit: async (context) => {
              const credential = await access.resolve(context.switchToHttp().getRequest());
              return credential.kind === 'valid' ? config.RATE_LIMIT_KEY_PER_MINUTE : config.RATE_LIMIT_PER_MINUTE;
            },
          },
        ],
      }),
    }),
  ],
  controllers: [DownloadsController],
  providers: [DownloadsService, ClientAddresses, QuickFigures, ModelReads, ReleaseModels, { provide: APP_GUARD, useClass: PublicRateLimitGuard }],
})
export class PublicApiModule {}
