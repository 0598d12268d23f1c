/**
 * Pulls up to `depth` items of `source` ahead of the consumer: while the consumer works on item `k`, items
 * `k + 1 … k + depth` are being produced (truly in parallel when producing awaits other threads, e.g. decode workers;
 * earlier in the same thread otherwise). Order is kept. When the consumer stops early (break, throw), the items
 * produced ahead are passed to `discard` and the source is closed; an error of the source reaches the consumer when
 * it gets to the failed item.
 *
 * @example
 * for await (const step of prefetch(source.epoch(0, order, 0), 2, disposeStep)) train(step);
 */
export async function* prefetch<T>(source: AsyncGenerator<T, void, undefined>, depth: number, discard: (item: T) => void): AsyncGenerator<T, void, undefined> {
  const queue: Promise<IteratorResult<T, void>>[] = [];
  let ended = false;
  const pull = (): void => {
    while (!ended && queue.length <= depth) {
      const next = source.next();
      queue.push(next);
      // Stop pulling once the source says it is done (or failed); the rejection itself is seen by the consumer.
      next.then(
        (r) => {
          if (r.done === true) ended = true;
        },
        () => {
          ended = true;
        },
      );
    }
  };
  let finished = false;
  try {
    for (;;) {
      pull();
      const result = await (queue.shift() as Promise<IteratorResult<T, void>>);
      if (result.done === true) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!finished) {
      ended = true;
      for (const pending of queue.splice(0)) {
        try {
          const r = await pending;
          if (r.done !== true) discard(r.value);
        } catch {
          // The consumer left (or failed) already; a later failure of an item it never asked for is not its error.
        }
      }
      await source.return(undefined);
    }
  }
}
