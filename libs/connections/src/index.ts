export * from './connection-errors';
export * from './redact-url';
