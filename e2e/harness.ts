// Builds the app once, serves dist/ with `vite preview` on a free port, and drives Debian's
// Chromium through playwright-core. One browser and one server per test file (`useApp`).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../test/support/freePort.js";

export const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".e2e-build-hash");
const LOCK = join(ROOT, "node_modules", ".e2e-build-lock");
const VITE = join(ROOT, "node_modules", "vite", "bin", "vite.js");
export const SCREENSHOTS = join(ROOT, "test-results", "screenshots");

/** A hash of everything the bundle is made of, so a second test file (or rerun) skips the build. */
function sourceHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(ROOT, path)).update(readFileSync(path));
    }
  };
  walk(join(ROOT, "src"));
  walk(join(ROOT, "bench"));
  // Vite copies public/ into dist/ as is.
  if (existsSync(join(ROOT, "public"))) walk(join(ROOT, "public"));
  for (const f of ["index.html", "bench.html", "vite.config.ts", "package-lock.json"])
    hash.update(f).update(readFileSync(join(ROOT, f)));
  return hash.digest("hex");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `vite build` unless dist/ already holds this source's build; test files wait on one lock. */
export async function ensureBuilt(): Promise<void> {
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than the build could take is left over from a killed run.
      if (waited > 300_000 || Date.now() - statSync(LOCK).mtimeMs > 300_000)
        rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    // The demo snapshot first, as `npm run build` does (prebuild): the built app boots from it,
    // and it is part of what the build hash covers. Cheap when current.
    const snapshot = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts", "build-snapshot.ts"), "--if-stale"],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (snapshot.status !== 0) throw new Error(`demo snapshot failed:\n${snapshot.stdout}\n${snapshot.stderr}`);
    const wanted = sourceHash();
    if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === wanted) return;
    const build = spawnSync(process.execPath, [VITE, "build", "--logLevel", "warn"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
    writeFileSync(STAMP, wanted);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export type Server = { url: string; stop: () => Promise<void>; output: () => string };
export type Preview = Server;

/** `vite preview` of dist/ on a free localhost port; resolves once it answers. */
export const startPreview = () => startVite(["preview"]);

/** `vite` (the dev server, with on-demand transforms) on a free localhost port. */
export const startDevServer = () => startVite([]);

async function startVite(command: string[]): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [VITE, ...command, "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`vite ${command.join(" ")} exited: ${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error(`vite ${command.join(" ")} did not answer on ${url}: ${output}`);
    await sleep(100);
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
    },
  };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type Session = { browser: Browser; close: () => Promise<void> };

/** Headless Chromium with a throw-away profile (launch makes a fresh one) and no traffic of its own. */
export async function launchBrowser(): Promise<Session> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Collects the page's console errors and uncaught exceptions, for failure messages. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path });
  return path;
}

/** What a fixture ends after its file: a Node engine, a database, a server, a browser. */
type Ends = { destroy(): Promise<void> } | { stop(): Promise<void> } | { close(): Promise<void> };

async function end(thing: unknown): Promise<void> {
  if (typeof thing !== "object" || thing === null) return;
  const t = thing as Partial<Record<"destroy" | "stop" | "close", () => Promise<void>>>;
  await (t.destroy ?? t.stop ?? t.close)?.call(thing);
}

export type AppOptions<N, S> = {
  /** Work done in Node while the app builds, e.g. the engine the page is checked against. Ended last. */
  node?: () => Promise<N>;
  /** The server the browser talks to, started once `node` is ready; `vite preview` of dist/ by default. */
  serve?: (node: N) => Promise<S>;
  /** False where the server needs no built dist/ (the dev server, a page of its own). */
  build?: boolean;
  /** The set-up's time limit where it does more than the config's hookTimeout allows. */
  timeout?: number;
} & (
  | {
      /** One browser context and one page, watched for errors, that the file's tests share. */
      page?: BrowserContextOptions;
      context?: never;
    }
  | {
      /** One browser context (one profile) without a page: the tests open their own pages in it. */
      context?: BrowserContextOptions;
      page?: never;
    }
);

export type App<N, S> = {
  readonly node: N;
  readonly server: S;
  readonly session: Session;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The page's console errors and uncaught exceptions. */
  readonly errors: string[];
};

/**
 * The preamble of a browser test file as one fixture: builds the app (while `node` prepares),
 * starts the server and the browser, opens the shared page, and ends them all after the file.
 * Its fields are there from the next beforeAll on.
 */
export function useApp<N = undefined, S extends Ends = Server>(options: AppOptions<N, S> = {}): App<N, S> {
  const ready: { -readonly [K in keyof App<N, S>]?: App<N, S>[K] } = {};
  beforeAll(async () => {
    const node = options.node?.().then((n) => (ready.node = n));
    await Promise.all([node, options.build === false ? undefined : ensureBuilt()]);
    const serve = options.serve ?? (startPreview as () => Promise<Server>);
    ready.server = (await serve(ready.node as N)) as S;
    ready.session = await launchBrowser();
    const contextOptions = options.page ?? options.context;
    if (!contextOptions) return;
    ready.context = await ready.session.browser.newContext(contextOptions);
    if (!options.page) return;
    ready.page = await ready.context.newPage();
    ready.errors = watchErrors(ready.page);
  }, options.timeout);
  afterAll(async () => {
    await ready.session?.close();
    await end(ready.server);
    await end(ready.node);
  });
  const app = {} as App<N, S>;
  for (const key of ["node", "server", "session", "context", "page", "errors"] as const)
    Object.defineProperty(app, key, {
      get() {
        if (!(key in ready))
          throw new Error(`useApp: no ${key} yet: read it in a test or a later hook (a page needs the page option)`);
        return ready[key];
      },
    });
  return app;
}
