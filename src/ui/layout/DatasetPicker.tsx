import { useEngine } from "../engine/EngineContext.js";

const SIZES = [2_000, 20_000, 200_000, 1_000_000];

/**
 * The demo's size. The worker seeds once per page, so a new size reloads the page with
 * `?count=` (the URL hash, and with it a shared view, stays).
 */
export function DatasetPicker() {
  const { params, status } = useEngine();
  const sizes = SIZES.includes(params.count) ? SIZES : [...SIZES, params.count].sort((a, b) => a - b);
  const choose = (count: number) => {
    const url = new URL(location.href);
    url.searchParams.set("count", String(count));
    location.assign(url);
  };
  return (
    <label className="stat dataset-picker" title="Demo dataset size (reloads the page)">
      dataset{" "}
      <select data-testid="dataset-size" value={params.count} disabled={status === "booting"} onChange={(e) => choose(Number(e.target.value))}>
        {sizes.map((n) => (
          <option key={n} value={n}>
            {n.toLocaleString("en-US")} series
          </option>
        ))}
      </select>
    </label>
  );
}
