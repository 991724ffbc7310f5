export * from './acceptable';
export * from './compression';
export * from './cors';
export * from './org-codes';
