import { ApiError } from '../api';

/** The errors of a failed call that name no field shown on the page (or all of them when no fields are given). */
export function ErrorBanner({ error, shownFields = [] }: { error: unknown; shownFields?: string[] }) {
  if (!error) {
    return null;
  }
  if (!(error instanceof ApiError)) {
    return (
      <div className="banner error" role="alert">
        {String(error)}
      </div>
    );
  }
  const rest = error.errors.filter(
    (e) =>
      !e.field ||
      !shownFields.some((f) => e.field === f || e.field?.startsWith(`${f}.`) || e.field?.startsWith(`${f}[`)),
  );
  if (rest.length === 0) {
    return (
      <div className="banner error" role="alert">
        Some fields need attention (see below).
      </div>
    );
  }
  return (
    <div className="banner error" role="alert">
      {rest.length === 1 ? (
        <ErrorLine item={rest[0]} />
      ) : (
        <ul>
          {rest.map((e, i) => (
            <li key={i}>
              <ErrorLine item={e} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ErrorLine({ item }: { item: { code: string; message: string; field?: string } }) {
  return (
    <span>
      {item.field ? <code>{item.field}</code> : null}
      {item.field ? ': ' : ''}
      {item.message} <span className="muted">({item.code})</span>
    </span>
  );
}

/** The API's errors for one field, shown under it. */
export function FieldErrors({ error, field, id }: { error: unknown; field: string; id?: string }) {
  if (!(error instanceof ApiError)) {
    return null;
  }
  const mine = error.forField(field);
  if (mine.length === 0) {
    return null;
  }
  return (
    <div className="field-error" id={id} role="alert">
      {mine.map((e, i) => (
        <div key={i}>
          {e.field !== field ? <code>{e.field}</code> : null}
          {e.field !== field ? ': ' : ''}
          {e.message}
        </div>
      ))}
    </div>
  );
}

/** Whether {@code field} has an error, for aria-invalid. */
export function hasError(error: unknown, field: string): boolean {
  return error instanceof ApiError && error.forField(field).length > 0;
}
