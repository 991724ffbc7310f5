export * from './text';
export { refuseEncodedBodies, refuseHostileText, jsonError, urlError } from './request-edge';
export * from './data-roots';
