// A file's text travels to the engine in chunks: no message is too big for the server's socket,
// and the pane shows how much has gone.
import type { EngineClient } from "../../client/EngineClient.js";
import { MAX_IMPORT_CHUNK } from "../../rpc/limits.js";

/** A staged import's id, random and made here: its calls, and their replay after a restart, carry it. */
export function newStageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Sends `text` to the stage `id` in order, one chunk per call; `sent` hears the characters received so far. */
export async function sendText(client: EngineClient, id: string, text: string, sent: (n: number) => void) {
  let offset = 0;
  do {
    const chunk = text.slice(offset, offset + MAX_IMPORT_CHUNK);
    ({ received: offset } = await client.call("stageText", { id, offset, text: chunk }));
    sent(offset);
  } while (offset < text.length);
}
