export interface FileEngine {
  write: (data: unknown) => Promise<void> | null;
}

/**
 * cognito-local's stormdb store rewrites a pool's whole JSON file on every change, and every request
 * that changes something waits for its own rewrite (a sign-in: two). Under concurrent requests the
 * rewrites pile up — each serialises the whole pool, which grows with every refresh token a user
 * keeps — and concurrent writes of one file can interleave. Here one write runs at a time; changes
 * made meanwhile are written together by the next one, and each caller still waits until a write
 * that includes its change has finished.
 */
export function coalesceWrites(engine: FileEngine): void {
  const write = engine.write.bind(engine);
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let latest: unknown;
  const start = (data: unknown): Promise<void> => {
    const current: Promise<void> = Promise.resolve(write(data) ?? undefined).finally(() => {
      if (running === current) running = undefined;
    });
    return (running = current);
  };
  engine.write = (data) => {
    latest = data;
    // A write queued but not started yet will include this change: wait for it.
    if (queued) return queued;
    if (!running) return start(data);
    queued = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start(latest);
      });
    return queued;
  };
}
