import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { ErrorBanner, FieldErrors, hasError } from '../../components/Errors';
import { TextField } from '../../components/TextField';
import {
  type Draft,
  hasUrl,
  type ImportedDraft,
  importedChange,
  inputNameFor,
  type Literal,
  literals,
  literalType,
  makeInput,
  type SuggestedConnection,
  validInputName,
} from './draft';

// Drafts read from what admins already have (definitions service): POST /action_imports/curl
// {command} reads a cURL command's request; POST /action_imports/openapi {document | url} lists a
// document's operations and, with {operation}, reads one as a whole draft. Nothing is saved: the
// admin reviews the draft, then saves it as usual.

interface CurlAnswer {
  type: 'action_import';
  draft: ImportedDraft;
}

interface OpenApiOperation {
  key: string;
  method: string;
  path: string;
  summary?: string | null;
}

interface OpenApiAnswer {
  type: 'openapi_import';
  title: string | null;
  operations: OpenApiOperation[];
  draft: ImportedDraft | null;
}

/** Where a document is read from: the text of a chosen file, or a URL the platform reads. */
type DocumentSource = { document: string } | { url: string };

/** What the last import brought that the draft doesn't hold: shown until the next one. */
interface Outcome {
  source: 'curl' | 'openapi';
  unsupported: string[];
  connection: SuggestedConnection | null;
}

interface Props {
  draft: Draft;
  /** Changes the draft (the editor then has unsaved changes). */
  edit: (change: Partial<Draft>) => void;
}

/** "Import from cURL or OpenAPI": fills the draft in from a command or a document's operation, never saving. */
export function ImportPanel({ draft, edit }: Props) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** Puts an import into the draft, after a confirmation when it would replace a request the draft has. */
  const apply = (imported: ImportedDraft, source: Outcome['source']) => {
    const replaced = source === 'curl' ? "the draft's request" : "the draft's request, inputs and outputs";
    if (
      hasUrl(draft) &&
      !window.confirm(`Replace ${replaced} with the imported ones? Nothing is saved until you save.`)
    ) {
      return;
    }
    const { change, notImported } = importedChange(draft, imported, source === 'openapi');
    edit(change);
    setOutcome({
      source,
      unsupported: [...(imported.unsupported ?? []), ...notImported],
      connection: imported.suggested_connection ?? null,
    });
  };

  return (
    <details className="card import">
      <summary>Import from cURL or OpenAPI</summary>
      <p className="hint">
        Fills the draft in from a cURL command or an operation of an OpenAPI document. Nothing is saved: review the
        draft, then save it as usual.
      </p>
      <div className="two-columns">
        <CurlImport onRead={(imported) => apply(imported, 'curl')} />
        <OpenApiImport onRead={(imported) => apply(imported, 'openapi')} />
      </div>
      <div role="status">
        {outcome ? <p className="banner ok">Imported into the draft: review it, then save.</p> : null}
      </div>
      {outcome ? <ImportNotes outcome={outcome} /> : null}
      {outcome?.source === 'curl' ? <LiteralInputs draft={draft} edit={edit} /> : null}
    </details>
  );
}

/** The error to show in a section's banner: null when the API's errors all name fields shown beside them. */
function unshown(error: unknown, fields: string[]): unknown {
  return error instanceof ApiError &&
    error.errors.length > 0 &&
    error.errors.every((e) => e.field && fields.includes(e.field))
    ? null
    : error;
}

function CurlImport({ onRead }: { onRead: (imported: ImportedDraft) => void }) {
  const [command, setCommand] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const read = async () => {
    setError(null);
    setBusy(true);
    try {
      const answer = await api<CurlAnswer>('definitions', '/action_imports/curl', {
        method: 'POST',
        body: { command },
      });
      onRead(answer.draft);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-curl-heading">
      <h2 id="import-curl-heading">cURL</h2>
      <ErrorBanner error={unshown(error, ['command'])} shownFields={['command']} />
      <label htmlFor="import-curl-command">cURL command</label>
      <textarea
        id="import-curl-command"
        rows={5}
        value={command}
        spellCheck={false}
        placeholder={'curl "https://api.example.com/orders/1001.json" -H "Accept: application/json"'}
        onChange={(e) => setCommand(e.target.value)}
        aria-invalid={hasError(error, 'command') || undefined}
        aria-describedby="import-curl-hint import-curl-error"
      />
      <div id="import-curl-hint" className="hint">
        As copied from an API's documentation or a browser's network tab. Its method, URL, query, headers and JSON body
        replace the draft's; credentials in it are not kept.
      </div>
      <FieldErrors error={error} field="command" id="import-curl-error" />
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button type="button" className="secondary" onClick={read} disabled={busy}>
          {busy ? 'Reading…' : 'Read command'}
        </button>
      </div>
    </section>
  );
}

function OpenApiImport({ onRead }: { onRead: (imported: ImportedDraft) => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [url, setUrl] = useState('');
  /** The document as read, with the source it was read from (asked again for the chosen operation). */
  const [read, setRead] = useState<{ answer: OpenApiAnswer; source: DocumentSource } | null>(null);
  const [operation, setOperation] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const ask = (body: DocumentSource & { operation?: string }) =>
    api<OpenApiAnswer>('definitions', '/action_imports/openapi', { method: 'POST', body });

  const readDocument = async () => {
    const source: DocumentSource = file ? { document: file.text } : { url };
    setError(null);
    setRead(null);
    setBusy(true);
    try {
      const answer = await ask(source);
      setRead({ answer, source });
      setOperation(answer.operations[0]?.key ?? '');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const chooseOperation = async () => {
    if (!read) {
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const answer = await ask({ ...read.source, operation });
      if (answer.draft) {
        onRead(answer.draft);
      } else {
        setError(
          new ApiError(422, [{ code: 'parameter_invalid', field: 'operation', message: 'No such operation.' }], null),
        );
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** A chosen file replaces a URL given, and the other way round: one source at a time. */
  const chooseFile = async (chosen: File | undefined) => {
    setRead(null);
    setError(null);
    if (!chosen) {
      setFile(null);
      return;
    }
    setUrl('');
    setFile({ name: chosen.name, text: await chosen.text() });
  };
  const typeUrl = (value: string) => {
    setRead(null);
    setUrl(value);
    if (file) {
      setFile(null);
      if (fileInput.current) {
        fileInput.current.value = '';
      }
    }
  };

  const fields = ['document', 'url', 'operation'];
  const operations = read?.answer.operations ?? [];
  return (
    <section aria-labelledby="import-openapi-heading">
      <h2 id="import-openapi-heading">OpenAPI</h2>
      <ErrorBanner error={unshown(error, fields)} shownFields={fields} />
      <label htmlFor="import-openapi-file">OpenAPI document (JSON or YAML file)</label>
      <input
        id="import-openapi-file"
        ref={fileInput}
        type="file"
        accept=".json,.yaml,.yml"
        onChange={(e) => void chooseFile(e.target.files?.[0])}
        aria-invalid={hasError(error, 'document') || undefined}
        aria-describedby={hasError(error, 'document') ? 'import-openapi-file-error' : undefined}
      />
      <FieldErrors error={error} field="document" id="import-openapi-file-error" />
      <TextField
        id="import-openapi-url"
        label="Or the document's URL"
        value={url}
        placeholder="https://api.example.com/openapi.json"
        hint="OpenAPI 3.0 or 3.1, read by the platform."
        error={error}
        field="url"
        onChange={typeUrl}
      />
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button type="button" className="secondary" onClick={readDocument} disabled={busy}>
          {busy && !read ? 'Reading…' : 'Read document'}
        </button>
      </div>
      {read ? (
        <>
          <p>
            {read.answer.title ? <>“{read.answer.title}”: </> : null}
            {operations.length === 1 ? '1 operation' : `${operations.length} operations`}.
          </p>
          {operations.length > 0 ? (
            <>
              <label htmlFor="import-openapi-operation">Operation</label>
              <select
                id="import-openapi-operation"
                value={operation}
                onChange={(e) => setOperation(e.target.value)}
                aria-invalid={hasError(error, 'operation') || undefined}
                aria-describedby={hasError(error, 'operation') ? 'import-openapi-operation-error' : undefined}
              >
                {operations.map((op) => (
                  <option key={op.key} value={op.key}>
                    {op.method.toUpperCase()} {op.path}
                    {op.summary ? ` — ${op.summary}` : ''}
                  </option>
                ))}
              </select>
              <FieldErrors error={error} field="operation" id="import-openapi-operation-error" />
              <div className="toolbar" style={{ marginTop: 8 }}>
                <button type="button" className="secondary" onClick={chooseOperation} disabled={busy}>
                  {busy ? 'Reading…' : 'Use this operation'}
                </button>
              </div>
              <p className="hint">
                Fills the whole draft in: its request, inputs and outputs (and its name, when it has none).
              </p>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** What the import could not put into the action: what it left out, and the credentials it carried. */
function ImportNotes({ outcome }: { outcome: Outcome }) {
  const connection = outcome.connection;
  return (
    <>
      {outcome.unsupported.length > 0 ? (
        <div className="banner warn">
          Not imported:
          <ul>
            {outcome.unsupported.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {connection ? (
        <div className="banner warn">
          {`${outcome.source === 'curl' ? 'The command carried credentials' : 'The operation needs credentials'} (${credentials(connection)}): create a connection on the `}
          <Link to="/connections">Connections page</Link>
          {' and choose it here; the secret is not kept in the action.'}
        </div>
      ) : null}
    </>
  );
}

/** The kind of credentials, and for an API key the header it goes in. */
function credentials(connection: SuggestedConnection): string {
  return connection.auth_type === 'api_key' && connection.header_name
    ? `${connection.auth_type}, header ${connection.header_name}`
    : connection.auth_type;
}

const PLACES: Record<Literal['place'], string> = {
  query: 'query parameter',
  header: 'header',
  body: 'body field',
};

/** The draft's literal values, each of which can become a typed input: its value becomes {{name}}. */
function LiteralInputs({ draft, edit }: Props) {
  const [naming, setNaming] = useState<string | null>(null);
  const found = literals(draft);
  return (
    <section aria-labelledby="import-inputs-heading">
      <h3 id="import-inputs-heading">Values that could be inputs</h3>
      <p className="hint">
        A value written here is sent as it is on every run. Make it an input to give it each time: a trigger binds it to
        an event's data, an AI agent fills it in.
      </p>
      {found.length === 0 ? (
        <p className="muted">No literal values left in the query, headers or body.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Literal values">
            <thead>
              <tr>
                <th scope="col">In</th>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">
                  <span className="muted">Make input</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {found.map((literal) => {
                const id = `${literal.place}-${literal.index}`;
                return (
                  <LiteralRow
                    key={id}
                    id={id}
                    literal={literal}
                    draft={draft}
                    naming={naming === id}
                    onNaming={(on) => setNaming(on ? id : null)}
                    onMake={(name) => {
                      edit(makeInput(draft, literal, name));
                      setNaming(null);
                    }}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface LiteralRowProps {
  id: string;
  literal: Literal;
  draft: Draft;
  naming: boolean;
  onNaming: (on: boolean) => void;
  onMake: (name: string) => void;
}

function LiteralRow({ id, literal, draft, naming, onNaming, onMake }: LiteralRowProps) {
  const where = `${PLACES[literal.place]} ${literal.key}`;
  // Cancelled, the focus goes back to "Make input".
  const button = useRef<HTMLButtonElement>(null);
  const wasNaming = useRef(false);
  useEffect(() => {
    if (!naming && wasNaming.current) {
      button.current?.focus();
    }
    wasNaming.current = naming;
  }, [naming]);
  return (
    <>
      <tr>
        <td>{PLACES[literal.place]}</td>
        <td>
          <code>{literal.key}</code>
        </td>
        <td className="mono">{JSON.stringify(literal.value)}</td>
        <td>
          {naming ? null : (
            <button
              ref={button}
              type="button"
              className="small secondary"
              aria-label={`Make input from ${where}`}
              onClick={() => onNaming(true)}
            >
              Make input
            </button>
          )}
        </td>
      </tr>
      {naming ? (
        <tr>
          <td colSpan={4}>
            <NameInput
              id={id}
              literal={literal}
              where={where}
              draft={draft}
              onMake={onMake}
              onCancel={() => onNaming(false)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

interface NameInputProps {
  id: string;
  literal: Literal;
  where: string;
  draft: Draft;
  onMake: (name: string) => void;
  onCancel: () => void;
}

/** Asks, inline, for the name of the input a literal becomes (its key, sanitised, by default). */
function NameInput({ id, literal, where, draft, onMake, onCancel }: NameInputProps) {
  const taken = draft.data_inputs.map((input) => input.name);
  const [name, setName] = useState(() => inputNameFor(literal.key, taken));
  const [tried, setTried] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
  }, []);
  const valid = validInputName(name);
  const existing = taken.includes(name);
  const make = () => {
    setTried(true);
    if (valid) {
      onMake(name);
    }
  };
  const inputId = `literal-${id}-name`;
  return (
    <fieldset className="bare" aria-label={`Make input from ${where}`}>
      <label htmlFor={inputId}>Name of the new input</label>
      <div className="row">
        <input
          id={inputId}
          ref={field}
          type="text"
          value={name}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              make();
            } else if (e.key === 'Escape') {
              onCancel();
            }
          }}
          aria-invalid={(tried && !valid) || undefined}
          aria-describedby={`${inputId}-hint ${inputId}-error`}
        />
        <button type="button" className="small fixed" onClick={make}>
          Make it an input
        </button>
        <button type="button" className="small secondary fixed" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div id={`${inputId}-hint`} className="hint">
        {existing
          ? `The value becomes {{${name}}}, the input of that name the action has.`
          : `The value becomes {{${name}}}, a required ${literalType(literal.value)} input (its type can be changed under Inputs).`}
      </div>
      {tried && !valid ? (
        <div id={`${inputId}-error`} className="field-error" role="alert">
          An input name starts with a letter and has only a–z, 0–9 and _ (64 at most).
        </div>
      ) : null}
    </fieldset>
  );
}
