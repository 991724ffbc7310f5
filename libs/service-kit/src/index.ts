export * from './config';
export * from './problem-details';
export * from './metrics';
export * from './health';
export * from './logging';
export * from './service-kit.module';
export * from './bootstrap';
export * from './access';
