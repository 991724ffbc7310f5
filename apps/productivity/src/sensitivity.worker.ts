// Entry of the sensitivity worker thread, started by sensitivity-thread.ts and never imported:
// computes one request (workerData), posts one answer and ends.
import { workerData } from 'node:worker_threads';
import { computeSensitivity, SensitivityRequest } from './sensitivity-compute';
import { answerParent } from './worker-thread';

answerParent(() => computeSensitivity(workerData as SensitivityRequest));
