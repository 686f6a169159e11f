import type { Signal } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';

/**
 * Storage for `createResource` that reconciles each new answer into the old one by `id`, so a
 * refetch (a partner's change arriving live) updates what is on screen in place: rows keep their
 * identity, `<For>` keeps their DOM, and a form open inside a row keeps what the person typed.
 * @example createResource(source, fetcher, { storage: reconciled })
 */
export function reconciled<T>(initial: T | undefined): Signal<T | undefined> {
  const [store, setStore] = createStore<{ value: T | undefined }>({ value: initial });
  const read = () => store.value;
  const write = (next: T | undefined | ((previous: T | undefined) => T | undefined)) => {
    const value = typeof next === 'function' ? (next as (previous: T | undefined) => T | undefined)(unwrap(store.value)) : next;
    setStore('value', reconcile(value));
    return store.value;
  };
  return [read, write] as Signal<T | undefined>;
}
