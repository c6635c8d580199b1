import { useEngine } from "../connection/EngineContext.js";
import { decodeViewState, encodeViewState } from "../../playground/viewState.js";

const SIZES = [2_000, 20_000, 200_000, 1_000_000];

/**
 * The demo's size. The worker seeds once per page, so a new size reloads the page with
 * `?count=`. The view in the URL hash comes along, with its dataset changed too: otherwise
 * restoring it would switch back to the old size.
 */
export function DatasetPicker() {
  const { params, status } = useEngine();
  // A named IndexedDB database keeps its own rows: the demo size only applies to the in-memory store.
  if (params.store.kind !== "memory") return null;
  const sizes = SIZES.includes(params.count) ? SIZES : [...SIZES, params.count].sort((a, b) => a - b);
  const choose = async (count: number) => {
    const url = new URL(location.href);
    url.searchParams.set("count", String(count));
    const view = await decodeViewState(location.hash).catch(() => null);
    if (view) url.hash = await encodeViewState({ ...view, dataset: { count, seed: params.seed } });
    location.assign(url);
  };
  return (
    <label className="stat dataset-picker" title="Demo dataset size (reloads the page)">
      <select
        data-testid="dataset-size"
        value={params.count}
        disabled={status === "booting"}
        onChange={(e) => void choose(Number(e.target.value))}
      >
        {sizes.map((n) => (
          <option key={n} value={n}>
            {n.toLocaleString("en-US")} series
          </option>
        ))}
      </select>
    </label>
  );
}
