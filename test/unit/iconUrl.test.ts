// Dimension icons are user data: only URLs an <img> cannot run anything from are rendered.
import { describe, expect, it } from "vitest";
import { isSafeIconUrl } from "../../src/ui/dimensions/tree.js";

describe("isSafeIconUrl", () => {
  it.each([
    "https://example.org/i.png",
    "http://example.org/i.svg",
    "HTTPS://EXAMPLE.ORG/I.PNG",
    "  https://example.org/i.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "DATA:IMAGE/svg+xml,<svg/>",
  ])("renders %j", (url) => {
    expect(isSafeIconUrl(url)).toBe(true);
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
    expect(isSafeIconUrl(url)).toBe(false);
  });
});
