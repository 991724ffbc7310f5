export * from './stored-estimate';
export * from './contributions';
export * from './flag-evidence';
export * from './explanation';
export * from './revisions';
export * from './revision-causes';
export * from './trust-list-changes';
export * from './pack-labels';
