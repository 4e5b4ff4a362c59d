/**
 * A loader that runs `load` on its first call and hands every later call the same promise. A failed
 * load is forgotten, so the next call tries again instead of failing for the rest of the execution
 * environment's life.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
