import type { DimensionDto } from "../../rpc/protocol.js";

export type DimNode = {
  /** The segment as stored (escapes kept); `label` shows it unescaped. */
  segment: string;
  label: string;
  /** The full path up to here, as the query's `select` takes it. */
  path: string;
  /** Series linked to this exact path. */
  own: number;
  /** Series at this path or under it. */
  count: number;
  /** Label, icon and description, when this path is a stored dimension row. */
  meta?: DimensionDto;
  children: DimNode[];
};

/** Splits on `/` that a `\` does not escape; escapes stay in the parts so joining gives the path back. */
function splitPath(path: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i++) {
    if (path[i] === "\\" && i + 1 < path.length) {
      current += path[i] + path[i + 1];
      i++;
    } else if (path[i] === "/") {
      parts.push(current);
      current = "";
    } else current += path[i];
  }
  parts.push(current);
  return parts.filter((p) => p !== "");
}

const unescape = (s: string) => s.replace(/\\(.)/g, "$1");

/** One dimension's stored paths → a tree of every prefix, with series counts summed up the tree. */
export function buildTree(values: DimensionDto[], counts: Map<string, number>): DimNode[] {
  const roots: DimNode[] = [];
  const byPath = new Map<string, DimNode>();
  const paths = new Set([...values.map((v) => v.path), ...counts.keys()]);
  const meta = new Map(values.map((v) => [v.path, v]));
  for (const full of [...paths].sort()) {
    const parts = splitPath(full);
    let siblings = roots;
    for (let i = 0; i < parts.length; i++) {
      const path = parts.slice(0, i + 1).join("/");
      let node = byPath.get(path);
      if (!node) {
        node = { segment: parts[i], label: unescape(parts[i]), path, own: 0, count: 0, children: [] };
        byPath.set(path, node);
        siblings.push(node);
      }
      siblings = node.children;
    }
    const leaf = byPath.get(parts.join("/"));
    if (leaf) {
      leaf.own += counts.get(full) ?? 0;
      leaf.meta = meta.get(full) ?? leaf.meta;
    }
  }
  const sum = (n: DimNode): number => (n.count = n.own + n.children.reduce((t, c) => t + sum(c), 0));
  roots.forEach(sum);
  return roots;
}

/** The nodes whose path or label contains `needle`, with their ancestors; everything when it is empty. */
export function filterTree(nodes: DimNode[], needle: string): DimNode[] {
  const n = needle.trim().toLowerCase();
  if (!n) return nodes;
  return nodes.flatMap((node) => {
    const hit = node.path.toLowerCase().includes(n) || (node.meta?.label ?? "").toLowerCase().includes(n);
    const children = hit ? node.children : filterTree(node.children, n);
    return hit || children.length > 0 ? [{ ...node, children }] : [];
  });
}
