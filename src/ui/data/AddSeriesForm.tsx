import { useState, type FormEvent } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { OutcomeLine, useAction } from "./useAction.js";

type Dim = { name: string; path: string };
const FIELDS = [
  { key: "start", label: "start", placeholder: "2024-06-01" },
  { key: "end", label: "end", placeholder: "optional, exclusive" },
  { key: "source", label: "source", placeholder: "playground/manual" },
  { key: "metric", label: "metric", placeholder: "Budget" },
  { key: "value", label: "value", placeholder: "1000" },
  { key: "unit", label: "unit", placeholder: "DAI (empty: none)" },
] as const;
type Values = Record<(typeof FIELDS)[number]["key"] | "fn" | "cliff", string>;

const INITIAL: Values = {
  start: "2024-06-01",
  end: "",
  source: "playground/manual",
  metric: "Budget",
  value: "1000",
  unit: "DAI",
  fn: "Single",
  cliff: "",
};
const INITIAL_DIMS: Dim[] = [
  { name: "budget", path: "atlas/legacy/core-units/SES-001" },
  { name: "category", path: "atlas/headcount/compensation-and-benefits/salaries" },
];

/**
 * The form's values as the engine's series input, unvalidated: the store checks everything and
 * names the field. `value` stays a number even when it is not one (NaN), so that is what it reports.
 */
function toSeriesInput(v: Values, dims: Dim[]) {
  return {
    start: v.start,
    end: v.end.trim() === "" ? null : v.end,
    source: v.source,
    metric: v.metric,
    value: v.value.trim() === "" ? Number.NaN : Number(v.value),
    unit: v.unit.trim() === "" ? null : v.unit,
    fn: v.fn,
    params: v.cliff.trim() === "" ? null : { cliff: v.cliff },
    dimensions: Object.fromEntries(dims.filter((d) => d.name.trim() !== "").map((d) => [d.name, d.path])),
  };
}

export function AddSeriesForm() {
  const { client, catalog } = useEngine();
  const [values, setValues] = useState<Values>(INITIAL);
  const [dims, setDims] = useState<Dim[]>(INITIAL_DIMS);
  const { busy, outcome, perform } = useAction();
  const set = (key: keyof Values, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const setDim = (i: number, patch: Partial<Dim>) =>
    setDims((d) => d.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void perform(async () => {
      const input = toSeriesInput(values, dims);
      await client.call("addSeries", { inputs: [input] });
      return `Added 1 series to ${input.source}.`;
    });
  };

  return (
    <form className="data-form" onSubmit={submit} data-testid="add-form" aria-label="Add a series">
      <div className="data-fields">
        {FIELDS.map((f) => (
          <label key={f.key}>
            <span>{f.label}</span>
            <input
              name={f.key}
              value={values[f.key]}
              placeholder={f.placeholder}
              onChange={(e) => set(f.key, e.target.value)}
              list={f.key === "metric" ? "data-metrics" : f.key === "unit" ? "data-units" : undefined}
            />
          </label>
        ))}
        <label>
          <span>fn</span>
          <select name="fn" value={values.fn} onChange={(e) => set("fn", e.target.value)}>
            <option>Single</option>
            <option>DssVest</option>
          </select>
        </label>
        <label title="DssVest only: nothing vests before the cliff">
          <span>cliff</span>
          <input
            name="cliff"
            value={values.cliff}
            placeholder="DssVest: 2024-09-01"
            onChange={(e) => set("cliff", e.target.value)}
            disabled={values.fn !== "DssVest"}
          />
        </label>
      </div>
      <div className="data-dims">
        <span className="muted">dimensions</span>
        {dims.map((d, i) => (
          <div key={i} className="data-dim">
            <input
              aria-label={`dimension ${i + 1} name`}
              name={`dim-name-${i}`}
              value={d.name}
              onChange={(e) => setDim(i, { name: e.target.value })}
              placeholder="name"
            />
            <input
              aria-label={`dimension ${i + 1} path`}
              name={`dim-path-${i}`}
              value={d.path}
              onChange={(e) => setDim(i, { path: e.target.value })}
              placeholder="a/b/c"
              list="data-paths"
            />
            <button
              type="button"
              className="link"
              onClick={() => setDims(dims.filter((_, j) => j !== i))}
              aria-label={`Remove dimension ${i + 1}`}
            >
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => setDims([...dims, { name: "", path: "" }])}>
          + dimension
        </button>
      </div>
      <datalist id="data-metrics">
        {catalog?.metrics.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <datalist id="data-units">
        {catalog?.currencies.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      <datalist id="data-paths">
        {catalog?.dimensions.flatMap((d) => d.values.map((v) => <option key={`${d.name}:${v.path}`} value={v.path} />))}
      </datalist>
      <div className="data-actions">
        <button className="primary" type="submit" disabled={busy} data-testid="add-series">
          {busy ? "Adding…" : "Add series"}
        </button>
        <OutcomeLine outcome={outcome} testId="add-outcome" refused="nothing was stored" />
      </div>
    </form>
  );
}
