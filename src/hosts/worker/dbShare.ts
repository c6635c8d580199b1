// A read-only copy of an IndexedDB database another tab holds, through public routes only.
// PGlite's IndexedDB files have one writer (the tab holding the database's Web Lock), so the copy
// never opens them: it asks on a BroadcastChannel, the holder's worker answers with its data
// directory (PGlite's `dumpDataDir`), and the copy boots from that (`loadDataDir`).
import { IDB_PREFIX } from "../../rpc/storeNames.js";

type Message =
  | { type: "ask"; id: string }
  | { type: "accepted"; id: string }
  | { type: "dump"; id: string; blob: Blob }
  | { type: "failed"; id: string; message: string };

const channelFor = (name: string) => new BroadcastChannel(`${IDB_PREFIX}${name}:copy`);

/** Until a holder says it got the request: no answer by then means no tab is serving the database. */
const ANSWER_MS = 10_000;
/** Until the dump arrives once accepted: the holder dumps after the call it is running. */
const DUMP_MS = 180_000;

/** Serves copies of the database `name` for as long as this worker lives (it holds the database). */
export function serveCopies(name: string, dump: () => Promise<Blob>): void {
  const channel = channelFor(name);
  channel.onmessage = (event: MessageEvent<Message>) => {
    const ask = event.data;
    if (ask?.type !== "ask") return;
    channel.postMessage({ type: "accepted", id: ask.id } satisfies Message);
    dump()
      .then(
        (blob): Message => ({ type: "dump", id: ask.id, blob }),
        (e: unknown): Message => ({ type: "failed", id: ask.id, message: e instanceof Error ? e.message : String(e) }),
      )
      .then((answer) => channel.postMessage(answer));
  };
}

/** The data directory of `name` from the tab holding it, or an error that says what to do. */
export function requestCopy(name: string): Promise<Blob> {
  const channel = channelFor(name);
  const id = crypto.randomUUID();
  return new Promise<Blob>((resolve, reject) => {
    const fail = (message: string) => reject(new Error(message));
    let timer = setTimeout(
      () =>
        fail(
          `no tab answered for IndexedDB database "${name}" within ${ANSWER_MS / 1000} s: the tab holding it may still be starting or has stopped; reload to open the database itself once that tab is closed`,
        ),
      ANSWER_MS,
    );
    channel.onmessage = (event: MessageEvent<Message>) => {
      const answer = event.data;
      if (answer?.id !== id) return;
      clearTimeout(timer);
      if (answer.type === "accepted")
        timer = setTimeout(
          () =>
            fail(
              `the tab holding IndexedDB database "${name}" did not send its copy within ${DUMP_MS / 1000} s: it is busy (cancel what runs there) — then reload this tab`,
            ),
          DUMP_MS,
        );
      else if (answer.type === "dump") resolve(answer.blob);
      else if (answer.type === "failed")
        fail(`the tab holding IndexedDB database "${name}" could not copy it: ${answer.message}`);
    };
    channel.postMessage({ type: "ask", id } satisfies Message);
  }).finally(() => channel.close());
}
