// An import kept in the engine between its check and its storing: the page stores it batch by
// batch (progress, other calls in between, each batch atomic) without the rows crossing to it.
import { AnalyticsInputError, type AnalyticsSeriesInput } from "../../engine/index.js";
import type { Methods, StagedImportDto } from "../../rpc/protocol.js";
import { seriesFromCsv, seriesFromJson, type ImportPlan } from "./series.js";

export interface StagedImports {
  stage(params: Methods["stageImport"]["params"]): StagedImportDto;
  /** Runs `store` on the slice; a refusal names the file's row, not the slice's index. */
  store(
    params: Methods["storeStaged"]["params"],
    store: (inputs: AnalyticsSeriesInput[]) => Promise<unknown>,
  ): Promise<{ added: number }>;
}

export function stagedImports(): StagedImports {
  let last: { id: number; rows: ImportPlan["accepted"] } | null = null;
  let ids = 0;
  return {
    stage({ format, text }) {
      const plan = format === "csv" ? seriesFromCsv(text) : seriesFromJson(text);
      last = { id: ++ids, rows: plan.accepted };
      return { id: last.id, staged: plan.accepted.length, rejected: plan.rejected };
    },
    async store({ id, offset, limit }, store) {
      if (!last || last.id !== id)
        throw new AnalyticsInputError("id", `no staged import ${id}: stage the file again (a newer one replaced it)`);
      const slice = last.rows.slice(offset, offset + limit);
      try {
        await store(slice.map((r) => r.input));
      } catch (e) {
        const at = e instanceof AnalyticsInputError ? /^inputs\[(\d+)\]\.?(.*)$/.exec(e.field) : null;
        if (!at || !(e instanceof AnalyticsInputError)) throw e;
        const row = slice[Number(at[1])]?.row;
        throw new AnalyticsInputError(`row ${row}`, at[2] ? `${at[2]}: ${e.detail}` : e.detail);
      }
      return { added: slice.length };
    },
  };
}
