// BENCH_CPU_PROFILE=<file.cpuprofile>: a CPU profile of this process's main thread (the six
// services' event loop) from inputs complete to the last release, for looking at where the
// recompute's time goes without the upload's (node --cpu-prof covers the whole process).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export interface RecomputeProfile {
  stop(): Promise<void>;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** Starts the profile when BENCH_CPU_PROFILE names a file; stop() writes it there. */
export async function startRecomputeProfile(file = process.env.BENCH_CPU_PROFILE): Promise<RecomputeProfile> {
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the recompute written to ${file}`);
    },
  };
}
