import { createContext, useContext } from "react";

/**
 * A context and the hook that reads it, failing loudly outside its provider: one helper instead
 * of a hand-written pair per concern. Providers pass memoized values (useMemo), so a consumer
 * re-renders only when what it reads changed.
 */
export function makeContext<T>(name: string) {
  const Context = createContext<T | null>(null);
  Context.displayName = name;
  const use = (): T => {
    const value = useContext(Context);
    if (value === null) throw new Error(`use${name} outside ${name}Provider`);
    return value;
  };
  return [Context.Provider, use] as const;
}
