import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";

/** `select.budget[0]` → ["select", "budget", 0]: the engine's field notation as a JSON path. */
function fieldToPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return path;
}

/**
 * The text range to mark for a field: its value when that is a scalar, its key when the value is
 * an object or array (marking a whole block is noise), or the nearest existing parent's key
 * when the field is missing altogether.
 */
export function locateField(text: string, field: string): { offset: number; length: number } {
  const root = parseTree(text);
  if (!root) return { offset: 0, length: Math.min(1, text.length) };
  const path = fieldToPath(field);
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return markable(node, n < path.length);
  }
  return { offset: root.offset, length: 1 };
}

function markable(node: Node, parentOfMissing: boolean): { offset: number; length: number } {
  const key = node.parent?.type === "property" ? node.parent.children?.[0] : undefined;
  if (key && (parentOfMissing || node.type === "object" || node.type === "array"))
    return { offset: key.offset, length: key.length };
  if (parentOfMissing || node.type === "object" || node.type === "array") return { offset: node.offset, length: 1 };
  return { offset: node.offset, length: node.length };
}
