/** One difference between two versions of an action, in words: where, what it was, what it became. */
export interface Change {
  field: string;
  from?: string;
  to?: string;
}

/** Fields that say nothing about what the action does. */
const IGNORED = new Set(['type', 'version', 'published_at']);

function shown(value: unknown, field: string, connectionName: (id: string) => string | undefined): string {
  if (field === 'connection_id' && typeof value === 'string') {
    return connectionName(value) ?? value;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What changed from {@code a} to {@code b}, field by field ("url", "data_inputs[1].type", "connection"), a
 * connection by its name: the changed leaves of the two versions, added and removed ones included.
 */
export function changes(
  a: unknown,
  b: unknown,
  connectionName: (id: string) => string | undefined = () => undefined,
): Change[] {
  const out: Change[] = [];
  const walk = (x: unknown, y: unknown, path: string, key: string) => {
    if (JSON.stringify(x) === JSON.stringify(y)) {
      return;
    }
    const label = key === 'connection_id' ? path.replace(/connection_id$/, 'connection') : path;
    if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
      if (Array.isArray(x) && Array.isArray(y)) {
        for (let i = 0; i < Math.max(x.length, y.length); i++) {
          walk(x[i], y[i], `${path}[${i}]`, String(i));
        }
      } else {
        const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
        for (const k of keys) {
          if (!(path === '' && IGNORED.has(k))) {
            walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k, k);
          }
        }
      }
      return;
    }
    const absent = (v: unknown) => v === undefined || v === null;
    out.push({
      field: label,
      from: absent(x) ? undefined : shown(x, key, connectionName),
      to: absent(y) ? undefined : shown(y, key, connectionName),
    });
  };
  walk(a, b, '', '');
  return out;
}
