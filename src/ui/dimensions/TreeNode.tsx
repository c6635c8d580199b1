import { useState } from "react";
import type { DimNode } from "./tree.js";
import { iconKind, useRemoteIcons } from "./remoteIcons.js";

type Props = {
  dimension: string;
  node: DimNode;
  depth: number;
  forceOpen: boolean;
  onPick: (dimension: string, path: string, add: boolean) => void;
};

/** One path: toggle, icon, segment, label and the series under it. Labels are text, never HTML. */
export function TreeNode({ dimension, node, depth, forceOpen, onPick }: Props) {
  const [open, setOpen] = useState(depth < 2);
  const expanded = forceOpen || open;
  const hasChildren = node.children.length > 0;
  const icon = node.meta?.icon;
  const [remoteAllowed] = useRemoteIcons();
  const kind = iconKind(icon, location.origin);
  return (
    <li role="treeitem" aria-expanded={hasChildren ? expanded : undefined}>
      <div
        className="dim-row"
        style={{ paddingLeft: depth * 14 }}
        data-testid="dim-node"
        data-dimension={dimension}
        data-path={node.path}
        data-count={node.count}
      >
        <button
          className="dim-toggle"
          onClick={() => setOpen(!expanded)}
          disabled={!hasChildren}
          aria-label={expanded ? "Collapse" : "Expand"}
        >
          {hasChildren ? (expanded ? "▾" : "▸") : ""}
        </button>
        <button
          className="dim-path"
          onClick={(e) => onPick(dimension, node.path, e.shiftKey || e.ctrlKey || e.metaKey)}
          title={node.meta?.description || `Select ${node.path}`}
        >
          {kind === "inline" || (kind === "remote" && remoteAllowed) ? (
            <img className="dim-icon" src={icon} alt="" width={16} height={16} referrerPolicy="no-referrer" />
          ) : kind === "remote" ? (
            <span
              className="dim-icon dim-icon-remote"
              data-testid="dim-icon-remote"
              title={`Icon not loaded (another site would learn you viewed it): ${icon}`}
            >
              ◌
            </span>
          ) : (
            <span className="dim-icon" />
          )}
          <span className="dim-segment">{node.label}</span>
          {node.meta?.label && <span className="muted dim-label">{node.meta.label}</span>}
        </button>
        <span className="num muted dim-count">{node.count.toLocaleString("en-US")}</span>
      </div>
      {hasChildren && expanded && (
        <ul role="group">
          {node.children.map((c) => (
            <TreeNode
              key={c.path}
              dimension={dimension}
              node={c}
              depth={depth + 1}
              forceOpen={forceOpen}
              onPick={onPick}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
