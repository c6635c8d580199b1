import { useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { OutcomeLine, useAction } from "./useAction.js";

const EXAMPLE = JSON.stringify(
  [
    {
      start: "2024-01-01",
      source: "playground/pasted",
      metric: "Budget",
      value: 5000,
      unit: "DAI",
      dimensions: { budget: "atlas/legacy/core-units/GOV-001", category: "atlas/non-headcount/admin-expense" },
    },
    {
      start: "2024-02-01",
      source: "playground/pasted",
      metric: "Actuals",
      value: 4200.5,
      unit: "DAI",
      dimensions: { budget: "atlas/legacy/core-units/GOV-001", category: "atlas/non-headcount/admin-expense" },
    },
  ],
  null,
  2,
);

/** An array of series inputs as JSON, added all or nothing. */
export function PasteSeries() {
  const { client } = useEngine();
  const [text, setText] = useState("");
  const { busy, outcome, perform } = useAction();
  const add = () =>
    perform(async () => {
      const { added } = await client.call("addSeries", { inputs: text });
      return `Added ${added.toLocaleString("en-US")} series.`;
    });
  return (
    <div className="data-form" data-testid="paste-form">
      <textarea
        className="data-json"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='[{ "start": "2024-01-01", "source": "a/b", "metric": "Budget", "value": 1, "unit": "DAI", "dimensions": { "budget": "atlas/x" } }]'
        spellCheck={false}
        aria-label="Series inputs as JSON"
        data-testid="paste-json"
      />
      <div className="data-actions">
        <button
          className="primary"
          onClick={() => void add()}
          disabled={busy || text.trim() === ""}
          data-testid="paste-add"
        >
          {busy ? "Adding…" : "Add from JSON"}
        </button>
        <button onClick={() => setText(EXAMPLE)}>Example</button>
        <OutcomeLine outcome={outcome} testId="paste-outcome" refused="nothing was stored" />
      </div>
    </div>
  );
}
