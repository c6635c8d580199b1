import { parseDashboard, DashboardError, type Dashboard } from "./model.js";

/** A dashboard travels in the URL hash as deflated, base64url-encoded JSON: links stay short. */
export const SHARE_PREFIX = "#dashboard=";

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream)).arrayBuffer());
}

export async function dashboardLink(dashboard: Dashboard, base = location.href): Promise<string> {
  const packed = await through(
    new TextEncoder().encode(JSON.stringify(dashboard)),
    new CompressionStream("deflate-raw"),
  );
  const url = new URL(base);
  url.hash =
    SHARE_PREFIX.slice(1) +
    btoa(String.fromCharCode(...packed))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  return url.toString();
}

/** The dashboard in a hash, null when it holds none; a damaged link throws a DashboardError saying so. */
export async function dashboardFromHash(hash: string): Promise<Dashboard | null> {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  let json: unknown;
  try {
    const binary = atob(hash.slice(SHARE_PREFIX.length).replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = await through(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      new DecompressionStream("deflate-raw"),
    );
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new DashboardError(
      "link",
      "the dashboard in this link is damaged (probably cut short when copied): copy the whole link again",
    );
  }
  return parseDashboard(json);
}
