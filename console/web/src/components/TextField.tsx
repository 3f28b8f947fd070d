import type { ReactNode } from 'react';
import { FieldErrors, hasError } from './Errors';

interface Props {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The last failed call's error, and the API field this input is for: its errors show under it. */
  error?: unknown;
  field?: string;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'search';
  inputMode?: 'numeric' | 'decimal';
  placeholder?: string;
  disabled?: boolean;
}

/** A labelled text input with the API's errors for its field under it. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  field,
  hint,
  type = 'text',
  inputMode,
  placeholder,
  disabled,
}: Props) {
  const invalid = field !== undefined && hasError(error, field);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode={inputMode}
        placeholder={placeholder}
        disabled={disabled}
        autoComplete={type === 'password' ? 'off' : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {field !== undefined ? <FieldErrors error={error} field={field} /> : null}
    </>
  );
}
