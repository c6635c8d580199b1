// An import kept in the engine between its check and its storing: the page sends the file's text
// in chunks (no message too big for a socket, progress as it goes), has it checked, then stores it
// batch by batch (progress, other calls in between, each batch atomic) without the rows crossing to it.
// One stage per service, that is per connection on the server: a new one replaces it, and a
// closed connection drops it with its service.
import { AnalyticsInputError, type AnalyticsSeriesInput } from "../../engine/index.js";
import { MAX_IMPORT_ROWS, MAX_IMPORT_TEXT } from "../../rpc/limits.js";
import type { Methods, StagedImportDto } from "../../rpc/protocol.js";
import { planSliced, tooManyRows, type ImportPlan } from "./series.js";

export interface StagedImports {
  append(params: Methods["stageText"]["params"]): { received: number };
  stage(params: Methods["stageImport"]["params"]): Promise<StagedImportDto>;
  /** Runs `store` on the slice; a refusal names the file's row, not the slice's index. */
  store(
    params: Methods["storeStaged"]["params"],
    store: (inputs: AnalyticsSeriesInput[]) => Promise<unknown>,
  ): Promise<{ added: number }>;
  /** Forgets the stage (the client went away). */
  drop(): void;
}

type Stage = { id: string; chunks: string[]; received: number } | { id: string; rows: ImportPlan["accepted"] };

/**
 * Characters every stage of a host holds together: on a server, all its connections' imports share
 * one process's memory, so a bound per import alone would let a few connections exhaust it.
 */
export type ImportBudget = { take(n: number): boolean; give(n: number): void; readonly limit: number };

export function importBudget(limit: number): ImportBudget {
  let held = 0;
  return {
    limit,
    take(n) {
      if (held + n > limit) return false;
      held += n;
      return true;
    },
    give(n) {
      held = Math.max(0, held - n);
    },
  };
}

const en = (n: number) => n.toLocaleString("en-US");
const unknown = (id: string) =>
  new AnalyticsInputError(
    "id",
    `no import is staged under "${id}" here: send its text again from offset 0 (a newer import replaces it, and a new connection starts with none)`,
  );

/** Line breaks in the text: at least its rows (a quoted field may hold more). */
function lineBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) n++;
  return n;
}

export function stagedImports(budget?: ImportBudget): StagedImports {
  let stage: Stage | null = null;
  /** Characters this service's stage holds of the budget. */
  let held = 0;
  const forget = () => {
    budget?.give(held);
    held = 0;
    stage = null;
  };
  const receiving = (id: string) => {
    if (!stage || stage.id !== id) throw unknown(id);
    if (!("chunks" in stage))
      throw new AnalyticsInputError(
        "id",
        `the import "${id}" is already checked: store it, or send it again from offset 0`,
      );
    return stage;
  };
  const checked = (id: string) => {
    if (!stage || stage.id !== id) throw unknown(id);
    if (!("rows" in stage))
      throw new AnalyticsInputError(
        "id",
        `the import "${id}" is not checked yet: call stageImport after its last chunk`,
      );
    return stage;
  };
  return {
    append({ id, offset, text }) {
      if (offset === 0) {
        forget();
        stage = { id, chunks: [], received: 0 };
      }
      const open = receiving(id);
      if (offset !== open.received)
        throw new AnalyticsInputError(
          "offset",
          `expected ${en(open.received)} (the characters received under "${id}" so far), got ${en(offset)}: send the chunks in order`,
        );
      if (open.received + text.length > MAX_IMPORT_TEXT) {
        forget();
        throw new AnalyticsInputError(
          "text",
          `an import holds at most ${en(MAX_IMPORT_TEXT)} characters, and this chunk would bring it to ${en(open.received + text.length)}: split the file and import the parts one after the other`,
        );
      }
      if (budget && !budget.take(text.length)) {
        forget();
        throw new AnalyticsInputError(
          "text",
          `the server holds ${en(budget.limit)} characters of imports at most, all connections together, and other imports fill it now: try again once they are stored (or their tabs closed)`,
        );
      }
      held += text.length;
      open.chunks.push(text);
      open.received += text.length;
      return { received: open.received };
    },
    async stage({ id, format }) {
      const open = receiving(id);
      const text = open.chunks.join("");
      // Bounded before parsing: the checked rows, not the text, are what fill the engine's memory.
      const lines = format === "csv" ? lineBreaks(text) : 0;
      if (lines > MAX_IMPORT_ROWS + 1) {
        forget();
        throw tooManyRows(lines, MAX_IMPORT_ROWS, "lines");
      }
      let plan: ImportPlan;
      try {
        plan = await planSliced(format, text, MAX_IMPORT_ROWS);
      } catch (e) {
        if (stage === open) forget();
        throw e;
      }
      // Other calls ran during the check: the stage may have gone with its connection meanwhile.
      if (stage !== open) throw unknown(id);
      // The checked rows take the text's place in memory, and its share of the budget.
      stage = { id, rows: plan.accepted };
      return { id, staged: plan.accepted.length, rejected: plan.rejected };
    },
    async store({ id, offset, limit }, store) {
      const slice = checked(id).rows.slice(offset, offset + limit);
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
    drop: forget,
  };
}
