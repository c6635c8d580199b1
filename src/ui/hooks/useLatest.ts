import { useLayoutEffect, useRef, type RefObject } from "react";

/**
 * The latest value for callbacks and effects that must not re-subscribe when it changes (a
 * keyboard listener, Monaco's command). Written after each commit, not during render, so a
 * render React throws away never leaks into it.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
