import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module';
import { NotificationLifecycleController } from './notification-lifecycle.controller';
import { NotificationLifecycleRepository } from './notification-lifecycle.repository';
import { NotificationLifecycleService } from './notification-lifecycle.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Data notifications (TRUST_NOTIFICATION): POST/GET /notifications, announced as notification.raised.v1; their lifecycle (lifecycle.ts). */
@Module({
  imports: [RepositoriesModule],
  controllers: [NotificationsController, NotificationLifecycleController],
  providers: [NotificationsService, NotificationLifecycleService, NotificationLifecycleRepository],
  // Bundles store notifications.csv with their other files and announce them after the commit.
  exports: [NotificationsService],
})
export class NotificationsModule {}
