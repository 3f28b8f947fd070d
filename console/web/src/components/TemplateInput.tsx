import { useRef, useState } from 'react';

/** The context values every action can use in its templates (the API's list). */
export const CONTEXT_VALUES = [
  'contact.id',
  'contact.external_id',
  'contact.email',
  'contact.name',
  'contact.type',
  'conversation.id',
  'conversation.external_id',
  'workspace.id',
];

/** Inserts {@code text} into {@code value} in place of the selection [start, end). */
export function insertAt(value: string, start: number, end: number, text: string): string {
  return value.slice(0, start) + text + value.slice(end);
}

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The placeholders offered by the {+} picker, e.g. input names and context values. */
  placeholders: string[];
  multiline?: boolean;
  rows?: number;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
  ariaLabel?: string;
}

/** A text field for a template, with a {+} picker that inserts a placeholder where the cursor is. */
export function TemplateInput({
  id,
  value,
  onChange,
  placeholders,
  multiline,
  rows = 6,
  invalid,
  describedBy,
  placeholder,
  ariaLabel,
}: Props) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const selection = useRef<[number, number]>([value.length, value.length]);
  const [open, setOpen] = useState(false);
  const remember = () => {
    const el = ref.current;
    if (el) {
      selection.current = [el.selectionStart ?? value.length, el.selectionEnd ?? value.length];
    }
  };
  const insert = (name: string) => {
    const [start, end] = selection.current;
    const text = `{{${name}}}`;
    onChange(insertAt(value, Math.min(start, value.length), Math.min(end, value.length), text));
    setOpen(false);
    requestAnimationFrame(() => {
      const el = ref.current;
      if (el) {
        el.focus();
        const at = Math.min(start, value.length) + text.length;
        el.setSelectionRange(at, at);
        selection.current = [at, at];
      }
    });
  };
  const common = {
    id,
    ref,
    value,
    placeholder,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'aria-label': ariaLabel,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    onSelect: remember,
    onKeyUp: remember,
    onClick: remember,
    onBlur: remember,
  };
  return (
    <div className="template-input">
      {multiline ? (
        <textarea {...common} rows={rows} spellCheck={false} />
      ) : (
        <input {...common} type="text" spellCheck={false} />
      )}
      <div className="picker">
        <button
          type="button"
          className="small"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-label={`Insert a placeholder into ${ariaLabel ?? id}`}
          onMouseDown={remember}
          onClick={() => setOpen(!open)}
        >
          {'{+}'}
        </button>
        {open ? (
          <div role="menu" className="menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
            {placeholders.length === 0 ? <div className="muted">Nothing to insert</div> : null}
            {placeholders.map((p) => (
              <button key={p} type="button" role="menuitem" onClick={() => insert(p)}>
                {p}
              </button>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
