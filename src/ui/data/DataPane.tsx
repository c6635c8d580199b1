import { AddSeriesForm } from "./AddSeriesForm.js";
import "./data.css";
import { ClearSource, Reseed } from "./Maintenance.js";
import { PasteSeries } from "./PasteSeries.js";
import { SeriesCounts } from "./SeriesCounts.js";

/** What is stored, and ways to change it; every change re-runs the shown query (see LiveContext). */
export function DataPane() {
  return (
    <section className="pane data-pane" aria-label="Data">
      <div className="scroll data-body">
        <section className="data-section">
          <h3>Series by metric × unit</h3>
          <SeriesCounts />
        </section>
        <section className="data-section">
          <h3>Add a series</h3>
          <AddSeriesForm />
        </section>
        <section className="data-section">
          <h3>Add series from JSON</h3>
          <PasteSeries />
        </section>
        <section className="data-section">
          <h3>Clear by source</h3>
          <p className="muted">Deletes the series of this source and of every source under it.</p>
          <ClearSource />
          <h3>Reseed the demo</h3>
          <p className="muted">Empties the tables and loads a freshly generated demo.</p>
          <Reseed />
        </section>
      </div>
    </section>
  );
}
