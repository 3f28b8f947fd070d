/** A time from the API (an ISO-8601 string, or Unix seconds as the objects service gives), in the browser's zone. */
export function Time({ value }: { value: string | number | null | undefined }) {
  if (value === null || value === undefined || value === '') {
    return <span className="muted">—</span>;
  }
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return <span>{String(value)}</span>;
  }
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {date.toLocaleString()}
    </time>
  );
}
