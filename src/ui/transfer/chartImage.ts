const SVG_NS = "http://www.w3.org/2000/svg";
const STYLE_PROPS = [
  "fill",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "opacity",
  "fill-opacity",
  "font-family",
  "font-size",
  "font-weight",
];
const PAD = 16;
const LEGEND_ROW = 18;
const LEGEND_COLUMN = 260;

type ChartImage = { svg: string; width: number; height: number };

/** The chart pane's chart as one standalone SVG: title, subtitle, every panel and the whole legend. */
export function chartSvg(root: ParentNode = document): ChartImage | null {
  const view = root.querySelector(".chart-pane .chart-view");
  return view ? chartViewSvg(view) : null;
}

/** A copy of a Recharts surface with computed colours and fonts inlined (the page's CSS does not travel). */
function inlineSurface(source: SVGSVGElement): SVGSVGElement {
  const clone = source.cloneNode(true) as SVGSVGElement;
  const from = [source, ...source.querySelectorAll("*")];
  const to = [clone, ...clone.querySelectorAll("*")];
  from.forEach((el, i) => {
    const target = to[i] as SVGElement;
    const style = getComputedStyle(el);
    for (const prop of STYLE_PROPS) {
      const v = style.getPropertyValue(prop);
      if (v && v !== "none" && !target.getAttribute(prop)) target.setAttribute(prop, v);
      else if (v === "none" && (prop === "fill" || prop === "stroke") && !target.getAttribute(prop))
        target.setAttribute(prop, "none");
    }
  });
  return clone;
}

function text(x: number, y: number, content: string, attrs: Record<string, string>): SVGTextElement {
  const t = document.createElementNS(SVG_NS, "text");
  t.setAttribute("x", String(x));
  t.setAttribute("y", String(y));
  for (const [k, v] of Object.entries(attrs)) t.setAttribute(k, v);
  t.textContent = content;
  return t;
}

/**
 * A chart view (`.chart-view`: the chart pane's, a tile's, a slide's) as a standalone SVG. The
 * panels keep their on-screen layout; the legend is laid out again below them in full, since on
 * screen it may be scrolled.
 */
export function chartViewSvg(view: Element): ChartImage | null {
  const surfaces = [...view.querySelectorAll<SVGSVGElement>(".chart-host svg.recharts-surface")];
  if (surfaces.length === 0) return null;
  const style = getComputedStyle(view);
  const font = style.fontFamily;
  const color = style.color;
  const muted = getComputedStyle(view.querySelector(".chart-subtitle") ?? view).color;
  const box = view.getBoundingClientRect();
  const width = Math.round(box.width);
  const out = document.createElementNS(SVG_NS, "svg");
  const title = view.querySelector(".chart-title")?.textContent ?? "";
  const subtitle = view.querySelector(".chart-subtitle")?.textContent ?? "";
  out.append(text(PAD, 26, title, { "font-size": "17", "font-weight": "600", fill: color, "font-family": font }));
  out.append(text(PAD, 46, subtitle, { "font-size": "12", fill: muted, "font-family": font }));
  const top = 56;
  let bottom = top;
  const panelsTop = Math.min(...surfaces.map((s) => s.getBoundingClientRect().top));
  for (const surface of surfaces) {
    const r = surface.getBoundingClientRect();
    const clone = inlineSurface(surface);
    const y = top + (r.top - panelsTop);
    clone.setAttribute("x", String(Math.round(r.left - box.left)));
    clone.setAttribute("y", String(Math.round(y)));
    clone.setAttribute("width", String(Math.round(r.width)));
    clone.setAttribute("height", String(Math.round(r.height)));
    out.append(clone);
    bottom = Math.max(bottom, y + r.height);
  }
  const entries = [...view.querySelectorAll<HTMLElement>(".legend button")];
  const columns = Math.max(1, Math.floor((width - 2 * PAD) / LEGEND_COLUMN));
  entries.forEach((entry, i) => {
    const x = PAD + (i % columns) * LEGEND_COLUMN;
    const y = bottom + 14 + Math.floor(i / columns) * LEGEND_ROW;
    const line = document.createElementNS(SVG_NS, "line");
    for (const [k, v] of Object.entries({ x1: x, y1: y - 4, x2: x + 20, y2: y - 4 })) line.setAttribute(k, String(v));
    line.setAttribute("stroke", entry.dataset.color ?? color);
    line.setAttribute("stroke-width", "2.5");
    if (entry.dataset.dash) line.setAttribute("stroke-dasharray", entry.dataset.dash);
    out.append(line);
    const name = entry.dataset.name ?? "";
    const short = name.length > 36 ? `${name.slice(0, 35)}…` : name;
    const off: Record<string, string> = entry.classList.contains("off")
      ? { "text-decoration": "line-through", opacity: "0.5" }
      : {};
    out.append(text(x + 26, y, short, { "font-size": "11", fill: color, "font-family": font, ...off }));
  });
  const height = Math.round(bottom + 14 + Math.ceil(entries.length / columns) * LEGEND_ROW + PAD / 2);
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("width", String(width));
  out.setAttribute("height", String(height));
  out.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", getComputedStyle(view.closest(".pane, .present") ?? document.body).backgroundColor);
  out.insertBefore(background, out.firstChild);
  return { svg: new XMLSerializer().serializeToString(out), width, height };
}

/** Draws an SVG onto a canvas at `scale` and returns the PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "sync";
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the chart's SVG could not be drawn"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the canvas gave no PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
