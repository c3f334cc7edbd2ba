/**
 * Yields `load(item)` for each item in order while up to `depth` later loads already run, so
 * slow reads overlap the consumer's work without holding more than `depth` results.
 */
export async function* readAhead<T, R>(
  items: readonly T[],
  depth: number,
  load: (item: T) => R | Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && pending.length < depth) {
      const item = items[next++] as T;
      const result = Promise.resolve().then(() => load(item));
      // Awaited in turn below; one that fails after the consumer stopped must not go unhandled.
      result.catch(() => {});
      pending.push(result);
    }
  };
  fill();
  while (pending.length > 0) {
    const result = pending.shift() as Promise<R>;
    fill();
    yield await result;
  }
}
