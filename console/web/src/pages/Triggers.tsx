import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, listOf } from '../api';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { TextField } from '../components/TextField';
import { CONTEXT_VALUES, TemplateInput } from '../components/TemplateInput';
import type { Action, ActionVersion, DataAttribute, Trigger } from '../types';
import { typedValue } from './action/draft';
import { useApi, useList } from '../query';

const EVENT_KINDS: { kind: string; label: string }[] = [
  { kind: 'new_conversation', label: 'New conversation' },
  { kind: 'new_message', label: 'New message' },
  { kind: 'quick_reply_selected', label: 'Quick reply selected' },
  { kind: 'attribute_collected', label: 'Attribute collected' },
];
const CONDITIONS: { type: string; label: string }[] = [
  { type: 'body_contains', label: 'Message contains' },
  { type: 'body_matches', label: 'Message matches (regular expression)' },
  { type: 'quick_reply_equals', label: 'Quick reply option is' },
  { type: 'attribute_id_equals', label: 'Collected attribute is' },
  { type: 'contact_type_equals', label: 'Contact type is' },
];
/** Each event kind in words, as the trigger list says what fires a trigger. */
const KIND_WORDS: Record<string, string> = {
  new_conversation: 'a conversation starts',
  new_message: 'a message arrives',
  quick_reply_selected: 'a quick reply is chosen',
  attribute_collected: 'an attribute is collected',
};

/** "When a message arrives and the message contains "order"": what fires {@code t}, in words. */
export function firesWhen(t: Pick<Trigger, 'event_kinds' | 'condition'>): string {
  const kinds = t.event_kinds.map((k) => KIND_WORDS[k] ?? k).join(' or ');
  const c = t.condition;
  const condition = !c
    ? ''
    : ({
        body_contains: ` and the message contains "${c.value}"`,
        body_matches: ` and the message matches /${c.value}/`,
        quick_reply_equals: ` and the option chosen is "${c.value}"`,
        attribute_id_equals: ` and the attribute is ${c.value}`,
        contact_type_equals: ` and the contact is a ${c.value}`,
      }[c.type] ?? ` and ${c.type} ${c.value}`);
  return `When ${kinds}${condition}`;
}

/** What a binding can read from the event, with the context values every run has. */
const EVENT_VALUES = [
  'event.id',
  'event.kind',
  'event.body',
  'event.quick_reply_option_id',
  'event.attribute.id',
  'event.attribute.value',
];
const SHOWN_FIELDS = ['name', 'action_id', 'event_kinds', 'condition', 'input_bindings', 'enabled'];

interface Form {
  id: string | null;
  name: string;
  action_id: string;
  event_kinds: string[];
  conditionType: string;
  conditionValue: string;
  bindings: Record<string, string>;
  enabled: boolean;
}

const EMPTY: Form = {
  id: null,
  name: '',
  action_id: '',
  event_kinds: [],
  conditionType: '',
  conditionValue: '',
  bindings: {},
  enabled: true,
};

function bindingText(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}

/** Triggers bind a live action to channel events: which events, an optional condition, and the inputs. */
export function Triggers() {
  const { id } = useParams();
  const navigate = useNavigate();
  const list = useList<Trigger>('definitions', '/triggers');
  const triggers = list.items;
  const actionList = useList<Action>('definitions', '/actions');
  const actions = actionList.items ?? [];
  const conversationAttributes = useList<DataAttribute>('objects', '/data_attributes', { model: 'conversation' }).items;
  const contactAttributes = useList<DataAttribute>('objects', '/data_attributes', { model: 'contact' }).items;
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** The data model's attribute names (conversation first, then contact): what attribute_id_equals can match. */
  const attributeNames = [
    ...new Set([...(conversationAttributes ?? []), ...(contactAttributes ?? [])].map((a) => a.name)),
  ];
  const load = list.reload;
  // The form takes the trigger named in the URL once: the list read again (after another row's change)
  // leaves the edits in progress alone.
  const filled = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (id === undefined) {
      filled.current = undefined;
    }
    const trigger = triggers?.find((t) => t.id === id);
    if (trigger && filled.current !== trigger.id) {
      filled.current = trigger.id;
      setForm({
        id: trigger.id,
        name: trigger.name,
        action_id: trigger.action_id,
        event_kinds: trigger.event_kinds,
        conditionType: trigger.condition?.type ?? '',
        conditionValue: trigger.condition?.value ?? '',
        bindings: Object.fromEntries(Object.entries(trigger.input_bindings ?? {}).map(([k, v]) => [k, bindingText(v)])),
        enabled: trigger.enabled,
      });
    }
  }, [id, triggers]);

  const action = actions.find((a) => a.id === form?.action_id);
  // A live action's triggers bind the inputs of its live version (the draft's may differ until published).
  const live = action?.state === 'live';
  const versions = useApi<unknown>('definitions', `/actions/${action?.id ?? ''}/versions`, {
    enabled: live,
    revision: action?.updated_at,
  });
  const liveVersion = live
    ? versions.data === undefined
      ? undefined
      : listOf<ActionVersion>(versions.data).find((v) => v.version === action?.live_version)
    : undefined;
  /** The inputs to bind; null while they are read (or could not be): nothing is saved then. */
  const inputs = !action ? [] : live ? (liveVersion?.data_inputs ?? null) : action.data_inputs;
  /** The values a condition can take where the data model or the API knows them. */
  const choices: string[] =
    form?.conditionType === 'attribute_id_equals'
      ? attributeNames
      : form?.conditionType === 'contact_type_equals'
        ? ['user', 'lead']
        : [];

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!form || saving || inputs === null) {
      return;
    }
    setError(null);
    setWarning(null);
    // A binding of a name the form does not offer (the action's inputs changed since) is kept as it was.
    const saved = triggers?.find((t) => t.id === form.id)?.input_bindings ?? {};
    const bindings: Record<string, unknown> = Object.fromEntries(
      Object.entries(saved).filter(([name]) => !inputs.some((input) => input.name === name)),
    );
    for (const input of inputs) {
      const text = form.bindings[input.name] ?? '';
      if (text !== '') {
        // A bare placeholder is converted when the trigger fires; a constant is sent with its type.
        bindings[input.name] = /^\{\{[^{}]+\}\}$/.test(text.trim()) ? text.trim() : typedValue(input.type, text);
      }
    }
    const body = {
      name: form.name,
      action_id: form.action_id || null,
      event_kinds: form.event_kinds,
      condition: form.conditionType ? { type: form.conditionType, value: form.conditionValue } : null,
      input_bindings: bindings,
      enabled: form.enabled,
    };
    setSaving(true);
    try {
      if (form.id) {
        await api('definitions', `/triggers/${form.id}`, { method: 'PUT', body });
      } else {
        await api('definitions', '/triggers', { method: 'POST', body });
      }
      setNotice(`Trigger "${form.name}" saved${form.enabled ? ': it is live.' : ' (disabled).'}`);
      if (
        form.conditionType === 'attribute_id_equals' &&
        attributeNames.length > 0 &&
        !attributeNames.includes(form.conditionValue)
      ) {
        setWarning(
          `No attribute is named "${form.conditionValue}" in the data model: the trigger fires only once one is ` +
            'created with that name and collected.',
        );
      }
      setForm(null);
      navigate('/triggers');
      load();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const toggle = async (t: Trigger) => {
    setError(null);
    try {
      await api('definitions', `/triggers/${t.id}`, {
        method: 'PUT',
        body: {
          name: t.name,
          action_id: t.action_id,
          event_kinds: t.event_kinds,
          condition: t.condition,
          input_bindings: t.input_bindings,
          enabled: !t.enabled,
        },
      });
      load();
    } catch (err) {
      setError(err);
    }
  };

  const remove = async (t: Trigger) => {
    if (!window.confirm(`Delete the trigger "${t.name}"?`)) {
      return;
    }
    try {
      await api('definitions', `/triggers/${t.id}`, { method: 'DELETE' });
      if (form?.id === t.id) {
        setForm(null);
      }
      navigate('/triggers');
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      <div className="toolbar">
        <h1 className="grow">Triggers</h1>
        <button
          type="button"
          onClick={() => {
            setForm({ ...EMPTY });
            setError(null);
            navigate('/triggers');
          }}
        >
          New trigger
        </button>
      </div>
      {notice ? (
        <div className="banner ok" role="status">
          {notice}
        </div>
      ) : null}
      {warning ? (
        <div className="banner warn" role="status">
          {warning}
        </div>
      ) : null}
      <ErrorBanner error={error} shownFields={form ? SHOWN_FIELDS : []} />
      <ErrorBanner error={actionList.error} />
      {form ? (
        <form className="card" onSubmit={save} aria-labelledby="trigger-form-heading">
          <h2 id="trigger-form-heading">{form.id ? `Edit ${form.name}` : 'New trigger'}</h2>
          <TextField
            id="trigger-name"
            label="Trigger name"
            value={form.name}
            error={error}
            field="name"
            onChange={(name) => setForm({ ...form, name })}
          />
          <label htmlFor="trigger-action">Action</label>
          <select
            id="trigger-action"
            value={form.action_id}
            onChange={(e) => setForm({ ...form, action_id: e.target.value })}
            aria-invalid={hasError(error, 'action_id') || undefined}
          >
            <option value="">Choose an action…</option>
            {actions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.state})
              </option>
            ))}
          </select>
          <FieldErrors error={error} field="action_id" />
          {action && action.state !== 'live' ? (
            <div className="hint">
              This action is a draft: save the trigger disabled, and enable it once the action is published.
            </div>
          ) : null}
          <fieldset className="plain" aria-invalid={hasError(error, 'event_kinds') || undefined}>
            <legend>When</legend>
            {EVENT_KINDS.map((k) => (
              <label className="inline" key={k.kind}>
                <input
                  type="checkbox"
                  checked={form.event_kinds.includes(k.kind)}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      event_kinds: e.target.checked
                        ? [...form.event_kinds, k.kind]
                        : form.event_kinds.filter((x) => x !== k.kind),
                    })
                  }
                />
                {k.label}
              </label>
            ))}
          </fieldset>
          <FieldErrors error={error} field="event_kinds" />
          <div className="row">
            <div>
              <label htmlFor="trigger-condition">Condition</label>
              <select
                id="trigger-condition"
                value={form.conditionType}
                onChange={(e) => setForm({ ...form, conditionType: e.target.value })}
              >
                <option value="">Always</option>
                {CONDITIONS.map((c) => (
                  <option key={c.type} value={c.type}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            {form.conditionType ? (
              <div>
                <label htmlFor="trigger-condition-value">Condition value</label>
                <input
                  id="trigger-condition-value"
                  value={form.conditionValue}
                  list={choices.length > 0 ? 'condition-choices' : undefined}
                  onChange={(e) => setForm({ ...form, conditionValue: e.target.value })}
                  aria-invalid={hasError(error, 'condition') || undefined}
                />
                {choices.length > 0 ? (
                  <datalist id="condition-choices">
                    {choices.map((c) => (
                      <option key={c} value={c} />
                    ))}
                  </datalist>
                ) : null}
              </div>
            ) : null}
          </div>
          <FieldErrors error={error} field="condition" />
          {live && inputs === null ? (
            versions.error ? (
              <ErrorBanner error={versions.error} />
            ) : (
              <p className="muted">Reading the inputs of its live version…</p>
            )
          ) : null}
          {inputs && inputs.length > 0 ? (
            <fieldset className="plain">
              <legend>
                Inputs of {action?.name}
                {live ? ` (its live version ${action?.live_version})` : ''}
              </legend>
              {inputs.map((input) => (
                <div key={input.name}>
                  <label htmlFor={`binding-${input.name}`}>
                    {input.name}{' '}
                    <span className="muted">
                      ({input.type}
                      {input.required && (input.default_value === null || input.default_value === undefined)
                        ? ', required'
                        : ''}
                      )
                    </span>
                  </label>
                  <TemplateInput
                    id={`binding-${input.name}`}
                    ariaLabel={`Binding of ${input.name}`}
                    value={form.bindings[input.name] ?? ''}
                    placeholders={[...EVENT_VALUES, ...CONTEXT_VALUES]}
                    invalid={hasError(error, `input_bindings.${input.name}`)}
                    placeholder={
                      input.type === 'string' ? 'text or {{event.body}}' : `a ${input.type} or one {{placeholder}}`
                    }
                    onChange={(value) => setForm({ ...form, bindings: { ...form.bindings, [input.name]: value } })}
                  />
                  <FieldErrors error={error} field={`input_bindings.${input.name}`} />
                </div>
              ))}
            </fieldset>
          ) : null}
          <FieldErrors error={error} field="input_bindings" />
          <label className="inline" style={{ marginTop: 10 }}>
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
            />
            Enabled
          </label>
          <FieldErrors error={error} field="enabled" />
          <div className="toolbar" style={{ marginTop: 12 }}>
            <button type="submit" disabled={saving || inputs === null}>
              {saving ? 'Saving…' : 'Save trigger'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setForm(null);
                setError(null);
                navigate('/triggers');
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {triggers === null && !error ? <p className="muted">Loading…</p> : null}
      {triggers && triggers.length === 0 && !form ? (
        <div className="card">
          <p>No triggers yet.</p>
        </div>
      ) : null}
      {triggers && triggers.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Action</th>
                <th>When</th>
                <th>State</th>
                <th>
                  <span className="visually-hidden">Manage</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((t) => {
                const a = actions.find((x) => x.id === t.action_id);
                const live = t.enabled && a?.state === 'live';
                return (
                  <tr key={t.id}>
                    <td>
                      <Link to={`/triggers/${t.id}`}>{t.name}</Link>
                    </td>
                    <td>{a ? <Link to={`/actions/${a.id}`}>{a.name}</Link> : t.action_id}</td>
                    <td>{firesWhen(t)}</td>
                    <td>
                      <span className={`tag ${live ? 'live' : 'draft'}`}>
                        {live ? 'live' : t.enabled ? 'waiting for its action' : 'disabled'}
                      </span>
                    </td>
                    <td>
                      <button type="button" className="small secondary" onClick={() => toggle(t)}>
                        {t.enabled ? `Disable ${t.name}` : `Enable ${t.name}`}
                      </button>{' '}
                      <button
                        type="button"
                        className="small secondary danger-text"
                        onClick={() => remove(t)}
                        aria-label={`Delete ${t.name}`}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
