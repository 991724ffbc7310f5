// The client of bench:api's cold workload in a process of its own (api-cold-mix.ts, CLIENT_APART):
// told `{ id, base, urls, connections }` over IPC, it runs that pass and answers with its samples
// and wall time. It holds little more than the URLs, so its collector and event loop add little
// to the latencies it records, and it stays warm (its code compiled) from one pass to the next.
import { runPassHere } from './api-cold-mix';

process.on('message', (m: { id: number; base: string; urls: Parameters<typeof runPassHere>[1]; connections: number }) => {
  runPassHere(m.base, m.urls, m.connections).then(
    (pass) => process.send!({ id: m.id, pass }),
    (error: Error) => process.send!({ id: m.id, error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
