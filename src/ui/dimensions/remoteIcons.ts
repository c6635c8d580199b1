// Icons are user data: one pointing at another site would tell that site who views the data (a
// tracking pixel). They load only once this viewer allows it; until then a placeholder shows the URL.
import { useSyncExternalStore } from "react";

const KEY = "playground.remoteIcons";
const listeners = new Set<() => void>();

const allowed = (): boolean => {
  try {
    return localStorage.getItem(KEY) === "allow";
  } catch {
    return false;
  }
};

/** Whether this viewer lets icons load from other sites (kept in localStorage), and the switch. */
export function useRemoteIcons(): [boolean, (allow: boolean) => void] {
  const value = useSyncExternalStore((fn) => (listeners.add(fn), () => void listeners.delete(fn)), allowed);
  const set = (allow: boolean) => {
    try {
      if (allow) localStorage.setItem(KEY, "allow");
      else localStorage.removeItem(KEY);
    } catch {
      /* storage refused: the choice lasts until reload at best */
    }
    listeners.forEach((fn) => fn());
  };
  return [value, set];
}

/**
 * How to show an icon URL: `inline` (image data, or this page's own site: nothing leaves it),
 * `remote` (another site: loaded only when allowed) or `none` (anything an <img> must not get).
 */
export function iconKind(url: string | undefined, origin: string): "inline" | "remote" | "none" {
  const u = url?.trim() ?? "";
  if (/^data:image\//i.test(u)) return "inline";
  if (!/^https?:/i.test(u)) return "none";
  try {
    return new URL(u).origin === origin ? "inline" : "remote";
  } catch {
    return "none";
  }
}
