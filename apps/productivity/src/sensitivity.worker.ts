// Entry of the sensitivity worker thread, started by sensitivity-thread.ts and never imported:
// computes each request it is sent and posts its answer (the thread is kept between them).
import { computeSensitivity, SensitivityRequest } from './sensitivity-compute';
import { serveParent } from './worker-thread';

serveParent((request) => computeSensitivity(request as SensitivityRequest));
