// The declarations the Script pane gives Monaco, so a script's completion and hovers show the
// engine's real API and doc comments: src/engine/index.ts's declaration emit as the package
// "analytics-engine", plus the declarations of the libraries a script imports beside it (luxon,
// knex, PGlite) and that the engine's types mention. Built by Vite (the `engineTypes` plugin in
// vite.config.ts) whenever the app is served or built, so it cannot go stale.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";
import type { Plugin } from "vite";

/** Where each file sits in Monaco's file system → its text. */
export type TypeFiles = Record<string, string>;

/** What src/hosts/script/modules.ts lets a script import besides the engine. */
const LIBRARIES = ["luxon", "knex", "@electric-sql/pglite"];
/** Node's own types: megabytes, and nothing a script in a worker can use. */
const LEFT_OUT = [`${sep}@types${sep}node${sep}`, `${sep}typescript${sep}lib${sep}`];

const uri = (path: string) => `file:///node_modules/${path.split(sep).join("/")}`;

export function buildEngineTypes(root: string): TypeFiles {
  const engine = join(root, "src", "engine");
  const modules = join(root, "node_modules");
  const options: ts.CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    types: [],
    rootDir: engine,
    outDir: join(root, "engine-types"),
  };
  const host = ts.createCompilerHost(options);
  const entry = join(engine, "index.ts");
  const program = ts.createProgram([entry], options, host);
  const files: TypeFiles = {};
  const { emitSkipped, diagnostics } = program.emit(undefined, (fileName, text) => {
    if (fileName.endsWith(".d.ts")) files[uri(join("analytics-engine", relative(options.outDir!, fileName)))] = text;
  });
  if (emitSkipped) throw new Error(`engine declarations: ${ts.formatDiagnostics(diagnostics, host)}`);
  files[uri("analytics-engine/package.json")] = JSON.stringify({ name: "analytics-engine", types: "index.d.ts" });

  // The libraries' own declarations the program read, in their node_modules places.
  for (const file of program.getSourceFiles()) {
    const path = file.fileName.split("/").join(sep);
    if (!file.isDeclarationFile || !path.startsWith(modules + sep) || LEFT_OUT.some((s) => path.includes(s))) continue;
    files[uri(relative(modules, path))] = file.text;
  }
  // A package.json per library that names its entry, so Monaco's module resolution finds it.
  for (const name of LIBRARIES) {
    const resolved = ts.resolveModuleName(name, entry, options, host).resolvedModule?.resolvedFileName;
    if (!resolved) throw new Error(`engine declarations: no types for ${name}`);
    let dir = dirname(resolved);
    while (!host.fileExists(join(dir, "package.json"))) dir = dirname(dir);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string };
    files[uri(relative(modules, join(dir, "package.json")))] = JSON.stringify({
      name: pkg.name,
      types: relative(dir, resolved).split(sep).join("/"),
    });
    files[uri(relative(modules, resolved))] ??= readFileSync(resolved, "utf8");
  }
  return files;
}

const ID = "virtual:engine-types";
const FILE = "assets/engine-types.json";

/**
 * `import url from "virtual:engine-types"`: the URL of the declarations as a JSON asset (fetched by
 * the Script pane when it opens; too big, and too full of library names, to ride in a script chunk).
 */
export function engineTypes(root: string): Plugin {
  let base = "/";
  let built: string | null = null;
  const text = () => (built ??= JSON.stringify(buildEngineTypes(root)));
  return {
    name: "engine-types",
    configResolved: (config) => void (base = config.base),
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load(id) {
      if (id !== `\0${ID}`) return null;
      const version = createHash("sha256").update(text()).digest("hex").slice(0, 12);
      return `export default ${JSON.stringify(`${base}${FILE}?v=${version}`)};`;
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: FILE, source: text() });
    },
    configureServer(server) {
      // Fresh on each request while developing: the engine's doc comments change under it.
      server.middlewares.use(`/${FILE}`, (_req, res) => {
        built = null;
        res.setHeader("content-type", "application/json");
        res.end(text());
      });
    },
  };
}
