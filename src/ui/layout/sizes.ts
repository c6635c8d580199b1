import { isFraction, type LayoutView } from "../../playground/viewState.js";

const KEY = "playground.layout";
const DEFAULT_SIZES: LayoutView = { top: 0.62, left: 0.34, bottomLeft: 0.6 };

/** The splitters as this browser last left them (a shared link may replace them). */
export function storedSizes(): LayoutView {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Record<keyof LayoutView, unknown>>;
    const ok = (v: unknown, d: number) => (isFraction(v) ? v : d);
    return {
      top: ok(s.top, DEFAULT_SIZES.top),
      left: ok(s.left, DEFAULT_SIZES.left),
      bottomLeft: ok(s.bottomLeft, DEFAULT_SIZES.bottomLeft),
    };
  } catch {
    return DEFAULT_SIZES;
  }
}

export const storeSizes = (sizes: LayoutView) => localStorage.setItem(KEY, JSON.stringify(sizes));
