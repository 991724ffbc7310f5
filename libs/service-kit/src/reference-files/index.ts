export * from './file-source';
export * from './reference-files';
export * from './bad-file';
export * from './reference-set.controller';
export * from './reference-load.handler';
export * from './store-once';
