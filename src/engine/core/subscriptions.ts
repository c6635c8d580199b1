import type { AnalyticsPath } from "./path.js";
import type { AnalyticsUpdateCallback } from "./types.js";

/** Thrown after every subscriber ran, when some of them threw. */
export class NotificationError extends Error {
  constructor(readonly innerErrors: unknown[]) {
    super(`${innerErrors.length} subscriber(s) failed: ${innerErrors.map(String).join("; ")}`);
    this.name = "NotificationError";
  }
}

type Subscription = { pattern: string[]; callback: AnalyticsUpdateCallback };

function segmentsOf(path: AnalyticsPath): string[] {
  return path.segments.map((s) => s.toString());
}

/**
 * Who wants to hear about which source paths. A subscription to `a/b` fires for `a/b` and
 * everything under it; a `*` segment matches any one segment.
 */
export class AnalyticsSubscriptionManager {
  private readonly subscriptions = new Set<Subscription>();

  subscribeToPath(path: AnalyticsPath, callback: AnalyticsUpdateCallback): () => void {
    const subscription = { pattern: segmentsOf(path), callback };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  /**
   * Calls each matching callback once per updated path; errors are collected, not allowed to stop
   * the others. With `subtree` (a clear of everything under the paths), subscriptions below a
   * path fire too, since their series may be among those removed.
   */
  notifySubscribers(paths: AnalyticsPath[], subtree = false): void {
    if (this.subscriptions.size === 0) return;
    const errors: unknown[] = [];
    const seen = new Set<string>();
    for (const path of paths) {
      const key = path.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      const segments = segmentsOf(path);
      for (const s of [...this.subscriptions]) {
        if (!matches(s.pattern, segments) && !(subtree && matches(segments, s.pattern, true))) continue;
        try {
          s.callback(path);
        } catch (e) {
          errors.push(e);
        }
      }
    }
    if (errors.length > 0) throw new NotificationError(errors);
  }
}

/** True when `pattern` is a prefix of `segments`; `*` in the pattern (or, reversed, in the segments) matches one segment. */
function matches(pattern: string[], segments: string[], reversed = false): boolean {
  if (pattern.length > segments.length) return false;
  const wild = (s: string) => s === "*" || s.startsWith("*:");
  return pattern.every((p, i) => (reversed ? wild(segments[i]) : wild(p)) || p === segments[i]);
}
