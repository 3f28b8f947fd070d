import type { ReactNode } from 'react';

/** Named values of one record, a row each in the order given; an empty value shows as a dash. */
export function Facts({ rows, label }: { rows: Record<string, ReactNode>; label: string }) {
  return (
    <table className="table" aria-label={label}>
      <tbody>
        {Object.entries(rows).map(([name, value]) => (
          <tr key={name}>
            <th scope="row" style={{ width: '30%' }}>
              {name}
            </th>
            <td>{value ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A value shown as code, or nothing (a dash in {@link Facts}) when there is none. */
export function codeOrNone(value: string | number | null | undefined): ReactNode {
  return value === null || value === undefined || value === '' ? null : <code>{value}</code>;
}
