import { useSyncExternalStore } from "react";
import type { Store } from "../../playground/store.js";

/** Renders from a playground store: the component re-renders when the store's state changes. */
export function useStore<T>(store: Pick<Store<T>, "get" | "subscribe">): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
