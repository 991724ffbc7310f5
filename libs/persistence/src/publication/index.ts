import type { SchemaRegistration } from '../data-source';
import { CreatePublication1795365376860 } from './migrations/1795365376860-CreatePublication';
import { NotifyReleaseChanges1795374228367 } from './migrations/1795374228367-NotifyReleaseChanges';
import { ReleasePlanAndPacks1795390500000 } from './migrations/1795390500000-ReleasePlanAndPacks';
import { CreateCalendar1795400100000 } from './migrations/1795400100000-CreateCalendar';
import { ReleaseReadModel1795410000000 } from './migrations/1795410000000-ReleaseReadModel';
import { ReleaseCopyStatementChecks1795420020000 } from './migrations/1795420020000-ReleaseCopyStatementChecks';
import { ReleaseManifestUncompressed1795420100000 } from './migrations/1795420100000-ReleaseManifestUncompressed';
import { ReleaseEntity } from './release.entity';

export * from './release.entity';
export { RELEASE_CHANGES_CHANNEL } from './migrations/1795374228367-NotifyReleaseChanges';

export const publicationSchema: SchemaRegistration = {
  schema: 'publication',
  entities: [ReleaseEntity],
  migrations: [CreatePublication1795365376860, NotifyReleaseChanges1795374228367, ReleasePlanAndPacks1795390500000, CreateCalendar1795400100000, ReleaseReadModel1795410000000,
    ReleaseCopyStatementChecks1795420020000, ReleaseManifestUncompressed1795420100000],
};
