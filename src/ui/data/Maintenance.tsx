import { useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { OutcomeLine, useAction } from "./useAction.js";

/** Deletes a source's series (and everything under it); says how many went. */
export function ClearSource() {
  const { client } = useEngine();
  const [path, setPath] = useState("");
  const { busy, outcome, perform } = useAction();
  const clear = () =>
    perform(async () => {
      const { deleted } = await client.call("clearSource", { path });
      return `Deleted ${deleted.toLocaleString("en-US")} series under ${path}.`;
    });
  return (
    <form
      className="data-inline"
      aria-label="Clear by source"
      onSubmit={(e) => {
        e.preventDefault();
        void clear();
      }}
    >
      <input
        name="clear-path"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        placeholder="powerhouse/demo/SES-001"
        aria-label="Source path"
        data-testid="clear-path"
      />
      <button type="submit" disabled={busy || path.trim() === ""} data-testid="clear-source">
        {busy ? "Clearing…" : "Clear"}
      </button>
      <OutcomeLine outcome={outcome} testId="clear-outcome" refused="nothing was deleted" />
    </form>
  );
}

/** Empties the database and seeds a new demo of the given size and seed. */
export function Reseed() {
  const { client, params } = useEngine();
  const [count, setCount] = useState(String(params.count));
  const [seed, setSeed] = useState(String(params.seed));
  const { busy, outcome, perform } = useAction();
  const reseed = () =>
    perform(async () => {
      const r = await client.call("reseed", { count: Number(count), seed: Number(seed) });
      return `Reseeded ${r.seriesCount.toLocaleString("en-US")} series (seed ${r.seed}) in ${(r.elapsedMs / 1000).toFixed(1)} s.`;
    });
  return (
    <form
      className="data-inline"
      aria-label="Reseed the demo"
      onSubmit={(e) => {
        e.preventDefault();
        void reseed();
      }}
    >
      <label>
        <span>series</span>
        <input
          name="reseed-count"
          value={count}
          onChange={(e) => setCount(e.target.value)}
          inputMode="numeric"
          size={8}
        />
      </label>
      <label>
        <span>seed</span>
        <input name="reseed-seed" value={seed} onChange={(e) => setSeed(e.target.value)} inputMode="numeric" size={6} />
      </label>
      <button type="submit" disabled={busy} data-testid="reseed">
        {busy ? "Reseeding…" : "Reseed"}
      </button>
      <OutcomeLine outcome={outcome} testId="reseed-outcome" refused="the data is unchanged" />
    </form>
  );
}
