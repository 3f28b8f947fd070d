import { useState } from 'react';

/** JSONPath of a child: `$.a.b`, `$.items[0]`, `$['odd key']`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${parent}[${key}]`;
  }
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${parent}.${key}` : `${parent}['${key.replace(/'/g, "\\'")}']`;
}

/** The output type that a JSON value would be read as. */
export function typeOf(value: unknown): 'string' | 'integer' | 'decimal' | 'boolean' {
  if (typeof value === 'boolean') {
    return 'boolean';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'decimal';
  }
  return 'string';
}

interface Props {
  value: unknown;
  /** Called with the JSONPath and value of a clicked scalar field. */
  onPick?: (path: string, value: unknown) => void;
  /** Paths already used, marked in the tree. */
  picked?: string[];
  label?: string;
}

/** A collapsible JSON tree; with {@code onPick}, each scalar field is a button that picks it. */
export function JsonTree({ value, onPick, picked = [], label = 'Response body' }: Props) {
  return (
    <div className="json-tree" role="tree" aria-label={label}>
      <Node name={null} value={value} path="$" onPick={onPick} picked={picked} depth={0} />
    </div>
  );
}

interface NodeProps {
  name: string | number | null;
  value: unknown;
  path: string;
  onPick?: (path: string, value: unknown) => void;
  picked: string[];
  depth: number;
}

function Node({ name, value, path, onPick, picked, depth }: NodeProps) {
  const [open, setOpen] = useState(depth < 5);
  const label =
    name === null ? null : <span className="json-key">{typeof name === 'number' ? `[${name}]` : name}: </span>;
  if (value !== null && typeof value === 'object') {
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    return (
      <div className="json-node" role="treeitem" aria-expanded={open} tabIndex={-1}>
        <button
          type="button"
          className="json-toggle"
          onClick={() => setOpen(!open)}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${path}`}
        >
          {open ? '▾' : '▸'}
        </button>
        {label}
        {brackets[0]}
        {!open ? (
          <span className="muted">
            {' '}
            {entries.length} {entries.length === 1 ? 'item' : 'items'}{' '}
          </span>
        ) : null}
        {open ? (
          // biome-ignore lint/a11y/useSemanticElements: a tree's nested items are an ARIA group, not form controls
          <div className="json-children" role="group">
            {entries.map(([key, child]) => (
              <Node
                key={String(key)}
                name={key}
                value={child}
                path={childPath(path, key)}
                onPick={onPick}
                picked={picked}
                depth={depth + 1}
              />
            ))}
          </div>
        ) : null}
        {brackets[1]}
      </div>
    );
  }
  const text = JSON.stringify(value);
  const isPicked = picked.includes(path);
  return (
    <div className={`json-leaf${isPicked ? ' picked' : ''}`} role="treeitem" tabIndex={-1}>
      {label}
      {onPick ? (
        <button
          type="button"
          className="json-value pickable"
          title={`Use ${path} as an output`}
          aria-label={`${text}: use ${path} as an output`}
          onClick={() => onPick(path, value)}
        >
          {text}
        </button>
      ) : (
        <span className="json-value">{text}</span>
      )}
      {isPicked ? <span className="tag">output</span> : null}
    </div>
  );
}
