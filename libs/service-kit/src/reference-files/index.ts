export * from './file-source';
export * from './reference-files';
export * from './bad-file';
