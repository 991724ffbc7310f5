// /v1/feed.atom (issue 16.5). AppModule imports it in one line.
import { Module } from '@nestjs/common';
import { ReleasesModule } from '../releases.module';
import { FeedController } from './feed.controller';
import { FeedRepository } from './feed.repository';

@Module({
  imports: [ReleasesModule],
  controllers: [FeedController],
  providers: [FeedRepository],
})
export class FeedModule {}
