import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorBanner, FieldErrors, hasError } from '../../components/Errors';
import { JsonTree, typeOf } from '../../components/JsonTree';
import type { Action, ResponseField, TestResult } from '../../types';
import { CHANGES_DATA, nothingFound } from '../../types';
import { type Draft, outputName, typedValue, typeHint } from './draft';

interface Props {
  action: Action | null;
  draft: Draft;
  dirty: boolean;
  save: () => Promise<Action | null>;
  /** Called when a response field is clicked: it becomes an output. */
  onPick: (field: ResponseField) => void;
}

/** Parses a response body shown by the API (text) as JSON when it is JSON. */
function parsed(body: string | undefined): { json: unknown; ok: boolean } {
  if (body === undefined || body === '') {
    return { json: null, ok: false };
  }
  try {
    return { json: JSON.parse(body), ok: true };
  } catch {
    return { json: body, ok: false };
  }
}

/** Test the draft: typed inputs, a real call (warned first when it changes data) or a pasted sample. */
export function TestPanel({ action, draft, dirty, save, onPick }: Props) {
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [sample, setSample] = useState('');
  const [useSample, setUseSample] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const test = async () => {
    setConfirming(false);
    setError(null);
    setResult(null);
    let mock: unknown;
    if (useSample) {
      try {
        mock = JSON.parse(sample);
      } catch (e) {
        setError(
          new ApiError(
            400,
            [
              {
                code: 'parameter_invalid',
                field: 'mock_response',
                message: `The sample is not valid JSON: ${(e as Error).message}`,
              },
            ],
            null,
          ),
        );
        return;
      }
    }
    setBusy(true);
    try {
      const saved = dirty || !action ? await save() : action;
      if (!saved) {
        setError(
          new ApiError(
            400,
            [{ code: 'draft_invalid', message: 'Save the draft first: it has errors (see the form).' }],
            null,
          ),
        );
        return;
      }
      const typed: Record<string, unknown> = {};
      for (const input of draft.data_inputs) {
        const text = inputs[input.name];
        if (text !== undefined && text !== '') {
          typed[input.name] = typedValue(input.type, text);
        }
      }
      const body: Record<string, unknown> = { inputs: typed };
      if (useSample) {
        body.mock_response = mock;
      }
      setResult(await api<TestResult>('definitions', `/actions/${saved.id}/test`, { method: 'POST', body }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const start = () => {
    if (!useSample && CHANGES_DATA.includes(draft.http_method)) {
      setConfirming(true);
    } else {
      test();
    }
  };

  const response = result?.response ? parsed(result.response.body) : null;
  const sampleJson = useSample ? parsed(sample) : null;
  const tree = response?.ok ? response.json : sampleJson?.ok ? sampleJson.json : null;
  const pick = (path: string, value: unknown) => {
    // A field picked again is already an output: one output per path.
    if (draft.response_fields.some((f) => f.path === path)) {
      return;
    }
    onPick({
      name: outputName(
        path,
        draft.response_fields.map((f) => f.name),
      ),
      path,
      type: typeOf(value),
      redacted: false,
    });
  };

  return (
    <section className="card" aria-labelledby="test-heading">
      <h2 id="test-heading">Test</h2>
      {draft.data_inputs.length === 0 ? <p className="hint">This action has no inputs.</p> : null}
      {draft.data_inputs.map((input) => {
        const hint = typeHint(input.type, inputs[input.name] ?? '');
        const field = `inputs.${input.name}`;
        return (
          <div key={input.name}>
            <label htmlFor={`test-input-${input.name}`}>
              {input.name}{' '}
              <span className="muted">
                ({input.type}
                {input.required ? ', required' : ''})
              </span>
            </label>
            {input.type === 'boolean' ? (
              <select
                id={`test-input-${input.name}`}
                value={inputs[input.name] ?? ''}
                onChange={(e) => setInputs({ ...inputs, [input.name]: e.target.value })}
              >
                <option value="">(not given)</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                id={`test-input-${input.name}`}
                value={inputs[input.name] ?? ''}
                inputMode={input.type === 'string' ? undefined : 'decimal'}
                aria-invalid={Boolean(hint) || hasError(error, field) || undefined}
                onChange={(e) => setInputs({ ...inputs, [input.name]: e.target.value })}
              />
            )}
            {hint ? <div className="hint">Expected {hint}</div> : null}
            <FieldErrors error={error} field={field} />
          </div>
        );
      })}
      <label className="inline" style={{ marginTop: 10 }}>
        <input type="checkbox" checked={useSample} onChange={(e) => setUseSample(e.target.checked)} />
        Use a sample response instead of calling the API
      </label>
      {useSample ? (
        <>
          <label htmlFor="test-sample">Sample response (JSON)</label>
          <textarea
            id="test-sample"
            rows={8}
            value={sample}
            onChange={(e) => setSample(e.target.value)}
            aria-invalid={hasError(error, 'mock_response') || undefined}
          />
          <FieldErrors error={error} field="mock_response" />
        </>
      ) : null}
      <div className="toolbar" style={{ marginTop: 12 }}>
        <button type="button" onClick={start} disabled={busy || (!action && !draft.url)}>
          {busy ? 'Calling…' : useSample ? 'Check against the sample' : 'Make API call'}
        </button>
        {dirty ? <span className="hint">The draft is saved first.</span> : null}
      </div>
      {confirming ? (
        <div className="banner warn" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">
            <b>This is a real {draft.http_method.toUpperCase()} request:</b> it changes data in the other system, as a
            live run would.
          </p>
          <button type="button" className="danger" onClick={test}>
            Make the call
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      <ErrorBanner error={error} shownFields={['mock_response', ...draft.data_inputs.map((i) => `inputs.${i.name}`)]} />
      {result ? (
        <div aria-live="polite">
          <p className={`result ${result.status}`} role="status">
            {nothingFound(result) ? '✔ Nothing found' : result.status === 'success' ? '✔ Success' : '✘ Failed'}
            {result.error ? (
              <span>
                : <code>{result.error.type}</code>
              </span>
            ) : null}
            {result.http_status ? (
              <span className="muted">
                HTTP {result.http_status} · {result.duration_ms} ms
              </span>
            ) : null}
          </p>
          {result.error ? <p className="field-error">{result.error.message}</p> : null}
          {result.error?.type === 'blocked_destination' ? <LocalServerHint /> : null}
          {result.request ? (
            <details>
              <summary>Request sent (secrets masked)</summary>
              <pre className="mono">
                {result.request.method} {result.request.url}
                {'\n'}
                {Object.entries(result.request.headers ?? {})
                  .map(([k, v]) => `${k}: ${v}`)
                  .join('\n')}
                {result.request.body ? `\n\n${result.request.body}` : ''}
              </pre>
            </details>
          ) : null}
          {result.response ? (
            <details>
              <summary>Response headers</summary>
              <pre className="mono">
                {Object.entries(result.response.headers ?? {})
                  .map(([k, v]) => `${k}: ${v}`)
                  .join('\n')}
              </pre>
            </details>
          ) : null}
          {result.outputs && Object.keys(result.outputs).length > 0 ? (
            <>
              <h3>Outputs</h3>
              <JsonTree value={result.outputs} label="Outputs" />
            </>
          ) : null}
          {result.writes && result.writes.length > 0 ? (
            <details>
              <summary>What a live run would write ({result.writes.length})</summary>
              <JsonTree value={result.writes} label="Writes" />
            </details>
          ) : null}
          {response && !response.ok && result.response?.body ? (
            <>
              <h3>Response body</h3>
              <pre className="mono">{result.response.body}</pre>
            </>
          ) : null}
        </div>
      ) : null}
      {tree !== null ? (
        <>
          <h3>Response: click a field to make it an output</h3>
          <JsonTree value={tree} onPick={pick} picked={draft.response_fields.map((f) => f.path)} />
        </>
      ) : null}
    </section>
  );
}

/** Why a call to a private or loopback address was refused, and how a developer allows a local server. */
function LocalServerHint() {
  return (
    <div className="hint" role="note" aria-label="Trying an action against a local server">
      <p>
        The executor refuses private, loopback and reserved addresses, so that an action can't reach your own network
        (SSRF). To try an action against a server on your machine, start the platform with its address allowed and, for
        HTTPS, its certificate trusted:
      </p>
      <pre className="mono">
        CUSTOMACTIONS_EXECUTOR_ALLOWED_DESTINATIONS=127.0.0.1/32 \{'\n'}
        CUSTOMACTIONS_EXECUTOR_TRUST_STORE=/path/to/trust.p12 CUSTOMACTIONS_EXECUTOR_TRUST_STORE_PASSWORD=… \{'\n'}
        deploy/local/run
      </pre>
      <p>
        The launcher passes these settings on to the executor. For development only: in production, leave them unset.
      </p>
    </div>
  );
}
