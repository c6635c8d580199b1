/**
 * The view a link reproduces: the editor texts, the tab and the dataset. It travels in the URL
 * hash, deflated and base64url-encoded, so a long query still makes a short, pasteable link.
 */
export type ViewState = {
  /** The series editor's text, exactly as typed. */
  query: string;
  sql?: string;
  tab?: string;
  dataset?: { count: number; seed: number };
};

const PREFIX = "#v1=";

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function encodeViewState(state: ViewState): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  return PREFIX + toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw")));
}

/** The state in a hash, or null when the hash holds none; a damaged link throws with a reason. */
export async function decodeViewState(hash: string): Promise<ViewState | null> {
  if (!hash.startsWith(PREFIX)) return null;
  let json: unknown;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(
      "this link's view is damaged (it was probably cut short when copied); the default view is shown instead",
    );
  }
  const s = json as Partial<ViewState>;
  if (typeof s !== "object" || s === null || typeof s.query !== "string")
    throw new Error("this link holds no query; the default view is shown instead");
  return {
    query: s.query,
    ...(typeof s.sql === "string" ? { sql: s.sql } : {}),
    ...(typeof s.tab === "string" ? { tab: s.tab } : {}),
    ...(s.dataset && Number.isInteger(s.dataset.count) && Number.isInteger(s.dataset.seed)
      ? { dataset: { count: s.dataset.count, seed: s.dataset.seed } }
      : {}),
  };
}
