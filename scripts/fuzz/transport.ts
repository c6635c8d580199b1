// Random traffic at the server's transport (`npm run serve`'s /rpc): raw frames with random
// opcodes, flags, masks and lengths; JSON requests with prototype method names, odd ids, huge and
// deep values. A case passes when the server answers it (a response with its id, never an
// `internal` error) or closes that connection with a code; the run passes when every case did
// and the server still answers a booted client at the end.
import WebSocket from "ws";
import type { Method } from "../../src/rpc/protocol.js";
import { connect, frame, rawSocket } from "../../test/support/serverClient.js";
import { prng } from "./fuzz.js";

export type TransportReport = {
  cases: number;
  outcomes: Record<string, number>;
  failures: { sent: string; outcome: string }[];
};

type Rng = ReturnType<typeof prng>;

const METHODS: readonly (Method | string)[] = [
  "raw",
  "explain",
  "execute",
  "getMetrics",
  "addSeries",
  "importDump",
  "stageText",
  "stageImport",
  "storeStaged",
  "simulateFault",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "",
  "🙂",
  "x".repeat(10_000),
];
const IDS = [
  "1",
  "0",
  "-1",
  "9007199254740991",
  "9007199254740993",
  "1e400",
  "-1e400",
  "1.5",
  '"1"',
  "null",
  "[]",
  "{}",
];
const SQL = [
  "select 1",
  "select pg_sleep(0.2)",
  "begin; select 1",
  "set role postgres",
  "select repeat('x', 100000) from generate_series(1, 50)",
  "select set_config('statement_timeout', '0', false)",
  "select 1; selec",
  "",
  "\u0000",
  "select '\ud800'",
];

/** A JSON value: big, deep, prototype-shaped, or plain. */
function value(rng: Rng, depth = 0): string {
  switch (rng.int(depth > 2 ? 5 : 9)) {
    case 0:
      return JSON.stringify(rng.pick(SQL));
    case 1:
      return rng.pick(["1e308", "-0", "1e400", "123456789012345678901234567890", "true", "null"]);
    case 2:
      return JSON.stringify("y".repeat(rng.pick([0, 1, 1000, 200_000])));
    case 3:
      return `${"[".repeat(rng.pick([10, 1000, 50_000]))}${"]".repeat(rng.pick([0, 10, 1000, 50_000]))}`;
    case 4:
      return JSON.stringify(rng.pick(["a/b", "atlas/*", "../..", "\\", "é"]));
    default: {
      const keys = ["__proto__", "constructor", "sql", "query", "inputs", "path", "metrics", "select", "text", "fault"];
      const n = rng.int(4);
      return `{${Array.from({ length: n }, () => `${JSON.stringify(rng.pick(keys))}:${value(rng, depth + 1)}`).join(",")}}`;
    }
  }
}

/** Sends `text` on a new socket; the outcome is `answered:<ok|kind>`, `closed:<code>`, or a failure. */
function sendText(port: number, text: string, id: number | null, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`);
    const timer = setTimeout(() => (ws.terminate(), resolve("timeout")), timeoutMs);
    const done = (outcome: string) => (clearTimeout(timer), ws.close(), resolve(outcome));
    ws.on("error", () => undefined);
    ws.on("open", () => ws.send(text));
    ws.on("message", (m) => {
      const message = JSON.parse(String(m)) as { type: string; id?: number; ok?: boolean; error?: { kind: string } };
      if (message.type !== "response") return;
      if (id === null || message.id !== id) return done(`answered a wrong id (${message.id})`);
      done(message.ok ? "answered:ok" : `answered:${message.error?.kind}`);
    });
    ws.on("close", (code) => (clearTimeout(timer), resolve(`closed:${code}`)));
  });
}

async function rawCase(port: number, rng: Rng): Promise<{ sent: string; outcome: string }> {
  const opts = {
    opcode: rng.pick([0, 1, 2, 3, 7, 8, 9, 10, 11, 15]),
    fin: rng.chance(0.8),
    rsv1: rng.chance(0.2),
    masked: rng.chance(0.85),
    payload: Buffer.from(Array.from({ length: rng.pick([0, 2, 125, 126, 1000, 70_000]) }, () => rng.int(256))),
    ...(rng.chance(0.2) ? { claimedLength: rng.pick([5, 65_535, 2 ** 28, 2 ** 31]) } : {}),
  };
  const { socket, closed } = await rawSocket(port);
  socket.write(frame(opts));
  const timer = setTimeout(() => socket.destroy(), 1000);
  const code = await closed;
  clearTimeout(timer);
  const sent = `frame ${JSON.stringify({ ...opts, payload: opts.payload.length })}`;
  return { sent, outcome: code === null ? "closed:none" : `closed:${code}` };
}

async function jsonCase(port: number, rng: Rng): Promise<{ sent: string; outcome: string }> {
  const idText = rng.pick(IDS);
  const idValue = JSON.parse(idText) as unknown;
  const id = typeof idValue === "number" && Number.isSafeInteger(idValue) ? idValue : null;
  const method = rng.pick(METHODS);
  const text = `{"type":"request","id":${idText},"method":${JSON.stringify(method)},"params":${value(rng)}}`;
  const outcome = await sendText(port, text, id, 20_000);
  return { sent: text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text, outcome };
}

export async function fuzzTransport({
  port,
  cases,
  seed,
  log = () => undefined,
}: {
  port: number;
  cases: number;
  seed: number;
  log?: (line: string) => void;
}): Promise<TransportReport> {
  const rng = prng(seed);
  const report: TransportReport = { cases, outcomes: {}, failures: [] };
  for (let i = 0; i < cases; i++) {
    const c = rng.chance(0.4) ? await rawCase(port, rng) : await jsonCase(port, rng);
    report.outcomes[c.outcome] = (report.outcomes[c.outcome] ?? 0) + 1;
    // Every answer has its id and a kind other than internal; every close has a code.
    if (!/^(answered:(ok|input|json|sql|state)|closed:(\d+|none))$/.test(c.outcome)) report.failures.push(c);
    if ((i + 1) % 100 === 0) log(`transport fuzz: ${i + 1}/${cases}`);
  }
  const probe = connect(port);
  try {
    await probe.client.boot({ count: 0, seed: 1 });
    await probe.client.call("getMetrics", {});
  } catch (e) {
    report.failures.push({ sent: "a booted client's getMetrics after the run", outcome: (e as Error).message });
  } finally {
    probe.client.terminate();
  }
  return report;
}
