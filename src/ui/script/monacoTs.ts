// Monaco's TypeScript service, for the Script pane only: loaded with the pane (the query and SQL
// editors never pay for it), its worker bundled like Monaco's others, and the engine's
// declarations (scripts/engineTypes.ts) given to it as the package "analytics-engine".
import "monaco-editor/languages/definitions/typescript/register.js";
import {
  ModuleKind,
  ModuleResolutionKind,
  ScriptTarget,
  typescriptDefaults,
} from "monaco-editor/languages/features/typescript/register.js";
import TsWorker from "monaco-editor/language/typescript/ts.worker.js?worker";
import engineTypesUrl from "virtual:engine-types";
import { monaco } from "../editor/monacoSetup.js";
import { PLAYGROUND_TYPES } from "./playgroundTypes.js";

/** The script's model: a module beside the declarations' node_modules. */
export const SCRIPT_URI = monaco.Uri.parse("file:///script.ts");

const environment = self.MonacoEnvironment!;
const otherWorkers = environment.getWorker!.bind(environment);
environment.getWorker = (id: string, label: string) =>
  label === "typescript" || label === "javascript" ? new TsWorker() : otherWorkers(id, label);

typescriptDefaults.setCompilerOptions({
  target: ScriptTarget.ESNext,
  module: ModuleKind.ESNext,
  moduleResolution: ModuleResolutionKind.NodeJs,
  strict: true,
  noEmit: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
});

/** Resolves once the declarations are in (or could not be had: the editor still works, untyped). */
export const engineTypesLoaded: Promise<number> = fetch(engineTypesUrl)
  .then((r) => (r.ok ? (r.json() as Promise<Record<string, string>>) : Promise.reject(new Error(String(r.status)))))
  .then((files) => {
    for (const [path, text] of Object.entries(files)) typescriptDefaults.addExtraLib(text, path);
    typescriptDefaults.addExtraLib(PLAYGROUND_TYPES, "file:///node_modules/@types/playground/index.d.ts");
    return Object.keys(files).length;
  })
  .catch(() => 0);
