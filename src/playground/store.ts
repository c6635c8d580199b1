// The one state primitive of the playground core: a value, replaced (never mutated) by `set`,
// and the listeners told after each change. React reads it through useSyncExternalStore
// (src/ui/hooks/useStore.ts); tests read it directly.

type Listener = () => void;

/** What a reader needs: panes subscribe to stores whose changes go through their own methods. */
export type ReadableStore<T> = Pick<Store<T>, "get" | "subscribe">;

export interface Store<T> {
  get(): T;
  /** Replaces the state with a patch of it; listeners hear of it only when something changed. */
  set(patch: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: Listener): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set(patch) {
      const changes = typeof patch === "function" ? patch(state) : patch;
      if (Object.entries(changes).every(([k, v]) => Object.is(state[k as keyof T], v))) return;
      state = { ...state, ...changes };
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
