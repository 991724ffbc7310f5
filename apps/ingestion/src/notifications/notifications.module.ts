import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Data notifications (TRUST_NOTIFICATION): POST/GET /notifications, announced as notification.raised.v1. */
@Module({
  imports: [RepositoriesModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  // Bundles store notifications.csv with their other files and announce them after the commit.
  exports: [NotificationsService],
})
export class NotificationsModule {}
