// What ServiceKitModule adds for access control: the global guard, the key store and resolver,
// the audit log, and - only where ACCESS_ADMIN_API=true - the key-management controller.
import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SCHEMAS, SchemaRegistration } from '@nhsp/persistence';
import { ACCESS_SETTINGS, AccessSettings } from './access-config';
import { AccessGuard } from './access.guard';
import { ApiKeyStore } from './api-key-store';
import { ApiKeysController } from './api-keys.controller';
import { AuditLog } from './audit-log';
import { PendingWrites } from './pending-writes';
import { AccessResolver } from './request-access';

export function accessProviders(settings: AccessSettings): Provider[] {
  return [
    { provide: ACCESS_SETTINGS, useValue: settings },
    PendingWrites,
    ApiKeyStore,
    AccessResolver,
    AuditLog,
    { provide: APP_GUARD, useClass: AccessGuard },
  ];
}

export function accessControllers(settings: AccessSettings): Type[] {
  return settings.ACCESS_ADMIN_API ? [ApiKeysController] : [];
}

export const ACCESS_EXPORTS = [ACCESS_SETTINGS, ApiKeyStore, AccessResolver, AuditLog];

/**
 * The `access` schema's registration, for tests that list their own registrations:
 * `registrations: [baseSchema, accessRegistration, ...]` (the guard reads its view, the audit
 * log writes its table).
 */
export const accessRegistration: SchemaRegistration = SCHEMAS.find((r) => r.schema === 'access')!;
