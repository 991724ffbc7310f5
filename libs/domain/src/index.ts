export * from './errors';
export * from './codes';
export * from './organisation';
export * from './period';
export * from './money';
export * from './records';
export * from './stable-json';
