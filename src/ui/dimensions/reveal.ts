import { selectRange } from "./queryEdit.js";

/**
 * Selects `select[dimension]` in the query editor once the new text has reached its model, so
 * the change is visible where the user will run it. Monaco is loaded on demand: this pane is in
 * the main bundle, the editor is not.
 */
export async function revealSelect(text: string, dimension: string): Promise<void> {
  const { monaco, QUERY_URI } = await import("../editor/monacoSetup.js");
  for (let frame = 0; frame < 30; frame++) {
    const editor = monaco.editor.getEditors().find((e) => e.getModel()?.uri.toString() === QUERY_URI.toString());
    const model = editor?.getModel();
    if (editor && model && model.getValue() === text) {
      const range = selectRange(text, dimension);
      if (!range) return;
      const start = model.getPositionAt(range.offset);
      const end = model.getPositionAt(range.offset + range.length);
      const selection = new monaco.Selection(start.lineNumber, start.column, end.lineNumber, end.column);
      editor.setSelection(selection);
      editor.revealRangeInCenterIfOutsideViewport(selection);
      return;
    }
    await new Promise((r) => requestAnimationFrame(r));
  }
}
