// Dimension icons are user data: only URLs an <img> cannot run anything from are rendered, and
// those on another site only once the viewer allows it (they would learn who views the data).
import { describe, expect, it } from "vitest";
import { iconKind } from "../../src/ui/dimensions/remoteIcons.js";

const ORIGIN = "https://playground.example";

describe("iconKind", () => {
  it.each([
    "data:image/png;base64,iVBORw0KGgo=",
    "DATA:IMAGE/svg+xml,<svg/>",
    "https://playground.example/icons/a.png",
    "  https://playground.example/i.svg",
  ])("shows %j at once (inline data or this site)", (url) => {
    expect(iconKind(url, ORIGIN)).toBe("inline");
  });

  it.each([
    "https://example.org/i.png",
    "http://example.org/i.svg",
    "HTTPS://EXAMPLE.ORG/I.PNG",
    "http://playground.example/i.png",
    "https://playground.example:8443/i.png",
  ])("holds %j back until allowed (another site)", (url) => {
    expect(iconKind(url, ORIGIN)).toBe("remote");
  });

  it.each([
    "javascript:window.__xss=3",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:,x",
    "blob:https://example.org/uuid",
    "//evil.example/i.png",
    "/relative/i.png",
    "file:///etc/passwd",
    "",
    undefined,
  ])("refuses %j", (url) => {
    expect(iconKind(url, ORIGIN)).toBe("none");
  });
});
