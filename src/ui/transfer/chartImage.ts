/** The shown chart's SVG, standalone: computed colours and fonts inlined (the page's CSS does not travel). */
export function chartSvg(root: ParentNode = document): { svg: string; width: number; height: number } | null {
  const source = root.querySelector<SVGSVGElement>(".chart-pane .chart-host svg.recharts-surface");
  if (!source) return null;
  const { width, height } = source.getBoundingClientRect();
  const clone = source.cloneNode(true) as SVGSVGElement;
  const from = [source, ...source.querySelectorAll("*")];
  const to = [clone, ...clone.querySelectorAll("*")];
  from.forEach((el, i) => {
    const target = to[i] as SVGElement;
    const style = getComputedStyle(el);
    for (const prop of [
      "fill",
      "stroke",
      "stroke-width",
      "stroke-dasharray",
      "opacity",
      "fill-opacity",
      "font-family",
      "font-size",
    ]) {
      const v = style.getPropertyValue(prop);
      if (v && v !== "none" && !target.getAttribute(prop)) target.setAttribute(prop, v);
      else if (v === "none" && (prop === "fill" || prop === "stroke") && !target.getAttribute(prop))
        target.setAttribute(prop, "none");
    }
  });
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(Math.round(width)));
  clone.setAttribute("height", String(Math.round(height)));
  clone.setAttribute("viewBox", `0 0 ${Math.round(width)} ${Math.round(height)}`);
  const background = getComputedStyle(document.querySelector(".chart-pane") ?? document.body).backgroundColor;
  const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  rect.setAttribute("width", "100%");
  rect.setAttribute("height", "100%");
  rect.setAttribute("fill", background);
  clone.insertBefore(rect, clone.firstChild);
  return { svg: new XMLSerializer().serializeToString(clone), width: Math.round(width), height: Math.round(height) };
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
