// A script in a link: `?script=` holds its text (UTF-8, base64url). The query string rather than
// the hash, which the share state rewrites as the view changes; the link still carries that hash
// (tabs, dataset), so it opens on the Script pane. Opening a link never runs the script.
const PARAM = "script";
/** Longer links get cut by chat apps and mail clients; the text is refused with a reason instead. */
const MAX_CHARS = 60_000;

export function scriptLink(text: string, href: string = location.href): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const url = new URL(href);
  url.searchParams.set(PARAM, btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""));
  return url.toString();
}

/** The linked script, or why the link's script could not be read. */
export function scriptFromUrl(search: string = location.search): { script: string | null; problem: string | null } {
  const encoded = new URLSearchParams(search).get(PARAM);
  if (encoded === null) return { script: null, problem: null };
  if (encoded.length > MAX_CHARS)
    return { script: null, problem: `this link's script is over ${MAX_CHARS} characters; it was not opened` };
  try {
    const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
    const script = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    return { script, problem: null };
  } catch {
    return {
      script: null,
      problem: "this link's script is damaged (probably cut short when copied); an example is shown instead",
    };
  }
}
