// Waiting for an answer at most so long: a health check, a metrics scrape or a probe of Redis must
// answer even when what it asks hangs (a Redis that stopped answering queues commands rather than
// failing them).

/** `promise`'s value, or `fallback` when it has not settled within `ms`; a rejection still rejects. */
export async function withTimeout<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
