import { useState } from 'react';
import { ApiError, api } from '../api';
import { ActionLinks, type ActionRef, Refusal } from '../components/ActionLinks';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { TextField } from '../components/TextField';
import { actionWritable, type CustomObjectType, type DataAttribute } from '../types';
import { useList } from '../query';

const DATA_TYPES = ['string', 'integer', 'decimal', 'boolean', 'datetime', 'date'];

/** Contact and conversation attributes, and custom object types with their attributes. */
export function DataModel() {
  return (
    <div>
      <h1>Data model</h1>
      <p className="muted">
        Where actions store what they read: custom attributes of contacts and conversations, and custom objects (an{' '}
        <i>Order</i>, say) referenced from them.
      </p>
      <Attributes />
      <ObjectTypes />
    </div>
  );
}

/** A refusal to archive what live actions write: its lead sentence and the writers. */
interface ArchiveRefusal {
  lead: string;
  actions: ActionRef[];
}

function refusalOf(what: string, writers: ActionRef[] | undefined): ArchiveRefusal | null {
  return writers && writers.length > 0
    ? {
        lead: `${what} can't be archived: these live actions write it. Change their mappings, or move them to draft, first.`,
        actions: writers,
      }
    : null;
}

/** Who may set an attribute besides admins, as the form offers it. */
type Writers = 'everyone' | 'actions' | 'admins';
const WRITERS: Record<Writers, { label: string; messenger_writable: boolean; action_writable: boolean }> = {
  everyone: { label: 'End users (messenger), actions and admins', messenger_writable: true, action_writable: true },
  actions: {
    label: "Actions and admins only (a customer can't forge it)",
    messenger_writable: false,
    action_writable: true,
  },
  admins: { label: 'Admins only (protected)', messenger_writable: false, action_writable: false },
};

function writersOf(a: DataAttribute) {
  if (a.messenger_writable) {
    return actionWritable(a) ? 'Messenger, actions and admins' : 'Messenger and admins';
  }
  return actionWritable(a) ? (
    <span>
      Actions and admins <span className="tag">actions only</span>
    </span>
  ) : (
    <span>
      Admins only <span className="tag">protected</span>
    </span>
  );
}

function optionText(options: DataAttribute['options']): string {
  return (options ?? []).map((o) => (typeof o === 'string' ? o : (o as { value: string }).value)).join(', ');
}

function Attributes() {
  const [model, setModel] = useState<'contact' | 'conversation'>('conversation');
  const [archived, setArchived] = useState(false);
  const [form, setForm] = useState({
    name: '',
    data_type: 'string',
    description: '',
    options: '',
    writers: 'everyone' as Writers,
  });
  const [error, setError] = useState<unknown>(null);
  const [changeError, setListError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ArchiveRefusal | null>(null);

  const list = useList<DataAttribute>('objects', '/data_attributes', {
    model,
    include_archived: archived || undefined,
  });
  const attributes = list.items;
  const listError = changeError ?? list.error;
  const load = list.reload;

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const body: Record<string, unknown> = {
      name: form.name,
      model,
      data_type: form.data_type,
      description: form.description || null,
      messenger_writable: WRITERS[form.writers].messenger_writable,
      action_writable: WRITERS[form.writers].action_writable,
    };
    // Options are a string attribute's only (the field shows for string alone): typed, then the type changed,
    // they are not sent.
    if (form.data_type === 'string' && form.options.trim() !== '') {
      body.options = form.options
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
    }
    try {
      await api('objects', '/data_attributes', { method: 'POST', body });
      setNotice(`Attribute "${form.name}" created on ${model}s.`);
      setForm({ ...form, name: '', description: '', options: '' });
      load();
    } catch (err) {
      setError(err);
    }
  };

  const setArchivedFlag = async (a: DataAttribute, value: boolean) => {
    setListError(null);
    setRefusal(null);
    try {
      await api('objects', `/data_attributes/${a.id}`, { method: 'PUT', body: { archived: value } });
      load();
    } catch (err) {
      // Refused because live actions write it: said once, with the actions linked (as the list now reads).
      const now =
        err instanceof ApiError && err.status === 409 ? (await load())?.find((x) => x.id === a.id) : undefined;
      const refused = refusalOf(`"${a.name}"`, now?.written_by);
      if (refused) {
        setRefusal(refused);
      } else {
        setListError(err);
      }
    }
  };

  return (
    <section className="card" aria-labelledby="attributes-heading">
      <h2 id="attributes-heading">Attributes</h2>
      <div className="toolbar">
        <fieldset className="bare" aria-label="Model">
          {(['conversation', 'contact'] as const).map((m) => (
            <label className="inline" key={m}>
              <input type="radio" name="attribute-model" checked={model === m} onChange={() => setModel(m)} />
              {m === 'contact' ? 'Contact' : 'Conversation'} attributes
            </label>
          ))}
        </fieldset>
        <label className="inline">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          Show archived
        </label>
      </div>
      <ErrorBanner error={listError} />
      {refusal ? <Refusal lead={refusal.lead} actions={refusal.actions} /> : null}
      {attributes === null ? (
        <p className="muted">Loading…</p>
      ) : attributes.length === 0 ? (
        <p className="muted">No custom {model} attributes yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Who may set it</th>
                <th>Written by</th>
                <th>Description</th>
                <th>
                  <span className="visually-hidden">Manage</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {attributes.map((a) => (
                <tr key={a.id}>
                  <td className="mono">
                    {a.name}
                    {a.archived ? <span className="tag">archived</span> : null}
                  </td>
                  <td>
                    {a.data_type}
                    {a.options && a.options.length > 0 ? <div className="hint">{optionText(a.options)}</div> : null}
                  </td>
                  <td>{writersOf(a)}</td>
                  <td>
                    <WrittenBy writers={a.written_by} />
                  </td>
                  <td>{a.description}</td>
                  <td>
                    <button type="button" className="small secondary" onClick={() => setArchivedFlag(a, !a.archived)}>
                      {a.archived ? `Unarchive ${a.name}` : `Archive ${a.name}`}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={create} aria-labelledby="new-attribute-heading">
        <h3 id="new-attribute-heading">New {model} attribute</h3>
        {notice ? (
          <div className="banner ok" role="status">
            {notice}
          </div>
        ) : null}
        <ErrorBanner
          error={error}
          shownFields={['name', 'data_type', 'description', 'options', 'messenger_writable', 'action_writable']}
        />
        <div className="row">
          <div>
            <TextField
              id="attribute-name"
              label="Attribute name"
              value={form.name}
              error={error}
              field="name"
              onChange={(name) => setForm({ ...form, name })}
            />
          </div>
          <div className="fixed">
            <label htmlFor="attribute-type">Data type</label>
            <select
              id="attribute-type"
              value={form.data_type}
              onChange={(e) => setForm({ ...form, data_type: e.target.value })}
            >
              {DATA_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        </div>
        <TextField
          id="attribute-description"
          label="Attribute description"
          value={form.description}
          error={error}
          field="description"
          onChange={(description) => setForm({ ...form, description })}
        />
        {form.data_type === 'string' ? (
          <TextField
            id="attribute-options"
            label="Options (comma-separated, optional)"
            value={form.options}
            error={error}
            field="options"
            onChange={(options) => setForm({ ...form, options })}
          />
        ) : null}
        <label htmlFor="attribute-writers">Who may set it</label>
        <select
          id="attribute-writers"
          value={form.writers}
          onChange={(e) => setForm({ ...form, writers: e.target.value as Writers })}
        >
          {(Object.keys(WRITERS) as Writers[]).map((w) => (
            <option key={w} value={w}>
              {WRITERS[w].label}
            </option>
          ))}
        </select>
        <div className="hint">
          Actions only for what a third party says (an order's status): end users can't forge it. Admins only for
          anything that identifies a person (an id in another system, an email, a phone).
        </div>
        <FieldErrors error={error} field="messenger_writable" />
        <FieldErrors error={error} field="action_writable" />
        <button type="submit" style={{ marginTop: 10 }}>
          Create attribute
        </button>
      </form>
    </section>
  );
}

interface TypeForm {
  identifier: string;
  name: string;
  description: string;
  attributes: { name: string; data_type: string; description: string }[];
}

function ObjectTypes() {
  const [form, setForm] = useState<TypeForm | null>(null);
  const [adding, setAdding] = useState<{ type: string; name: string; data_type: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [changeError, setListError] = useState<unknown>(null);

  const [refusal, setRefusal] = useState<ArchiveRefusal | null>(null);

  const list = useList<CustomObjectType>('objects', '/custom_object_types');
  const types = list.items;
  const listError = changeError ?? list.error;
  const load = list.reload;

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!form) {
      return;
    }
    setError(null);
    try {
      await api('objects', '/custom_object_types', {
        method: 'POST',
        body: {
          identifier: form.identifier,
          name: form.name,
          description: form.description || null,
          attributes: form.attributes.map((a) => ({
            name: a.name,
            data_type: a.data_type,
            description: a.description || null,
          })),
        },
      });
      setForm(null);
      load();
    } catch (err) {
      setError(err);
    }
  };

  /** Changes a type; {@code archiving} names what is archived (the type, or one attribute) for a refusal. */
  const update = async (identifier: string, body: Record<string, unknown>, archiving?: { attribute?: string }) => {
    setListError(null);
    setRefusal(null);
    try {
      await api('objects', `/custom_object_types/${encodeURIComponent(identifier)}`, { method: 'PUT', body });
      setAdding(null);
      load();
    } catch (err) {
      // Refused because live actions write it: said once, with the actions linked (as the list now reads).
      const type =
        archiving && err instanceof ApiError && err.status === 409
          ? (await load())?.find((t) => t.identifier === identifier)
          : undefined;
      const attribute = archiving?.attribute ? type?.attributes.find((a) => a.name === archiving.attribute) : undefined;
      const refused = archiving?.attribute
        ? refusalOf(`${identifier}.${archiving.attribute}`, attribute?.written_by)
        : refusalOf(`"${identifier}"`, type?.written_by);
      if (refused) {
        setRefusal(refused);
      } else {
        setListError(err);
      }
    }
  };

  return (
    <section className="card" aria-labelledby="types-heading">
      <div className="toolbar">
        <h2 id="types-heading" className="grow">
          Custom objects
        </h2>
        <button
          type="button"
          onClick={() => {
            setForm({
              identifier: '',
              name: '',
              description: '',
              attributes: [{ name: '', data_type: 'string', description: '' }],
            });
            setError(null);
          }}
        >
          New object type
        </button>
      </div>
      <ErrorBanner error={listError} />
      {refusal ? <Refusal lead={refusal.lead} actions={refusal.actions} /> : null}
      {form ? (
        <form onSubmit={create} className="card" aria-labelledby="new-type-heading">
          <h3 id="new-type-heading">New object type</h3>
          <ErrorBanner error={error} shownFields={['identifier', 'name', 'attributes']} />
          <div className="row">
            <div>
              <label htmlFor="type-identifier">Identifier</label>
              <input
                id="type-identifier"
                value={form.identifier}
                placeholder="Order"
                onChange={(e) =>
                  setForm({
                    ...form,
                    identifier: e.target.value,
                    name: form.name === form.identifier ? e.target.value : form.name,
                  })
                }
                aria-invalid={hasError(error, 'identifier') || undefined}
              />
              <FieldErrors error={error} field="identifier" />
            </div>
            <div>
              <TextField
                id="type-name"
                label="Display name"
                value={form.name}
                error={error}
                field="name"
                onChange={(name) => setForm({ ...form, name })}
              />
            </div>
          </div>
          <TextField
            id="type-description"
            label="Type description"
            value={form.description}
            error={error}
            field="description"
            onChange={(description) => setForm({ ...form, description })}
          />
          <fieldset className="plain">
            <legend>Attributes</legend>
            {form.attributes.map((a, i) => (
              <div className="row" key={i}>
                <input
                  aria-label={`Object attribute ${i + 1} name`}
                  placeholder="name"
                  value={a.name}
                  aria-invalid={hasError(error, `attributes[${i}]`) || undefined}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      attributes: form.attributes.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                    })
                  }
                />
                <select
                  aria-label={`Object attribute ${i + 1} data type`}
                  className="fixed"
                  value={a.data_type}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      attributes: form.attributes.map((x, j) => (j === i ? { ...x, data_type: e.target.value } : x)),
                    })
                  }
                >
                  {DATA_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="small secondary fixed"
                  aria-label={`Remove object attribute ${i + 1}`}
                  onClick={() => setForm({ ...form, attributes: form.attributes.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </div>
            ))}
            <FieldErrors error={error} field="attributes" />
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                setForm({
                  ...form,
                  attributes: [...form.attributes, { name: '', data_type: 'string', description: '' }],
                })
              }
            >
              Add object attribute
            </button>
          </fieldset>
          <div className="toolbar">
            <button type="submit">Create object type</button>
            <button type="button" className="secondary" onClick={() => setForm(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {types === null ? (
        <p className="muted">Loading…</p>
      ) : types.length === 0 ? (
        <p className="muted">No custom object types yet.</p>
      ) : null}
      {(types ?? []).map((t) => (
        <div key={t.identifier} className="card">
          <div className="toolbar">
            <h3 className="grow">
              {t.name} <span className="muted mono">{t.identifier}</span>
              {t.archived ? <span className="tag">archived</span> : null}
            </h3>
            <button
              type="button"
              className="small secondary"
              onClick={() => setAdding({ type: t.identifier, name: '', data_type: 'string' })}
            >
              Add attribute to {t.name}
            </button>
            <button
              type="button"
              className="small secondary"
              onClick={() => update(t.identifier, { archived: !t.archived }, t.archived ? undefined : {})}
            >
              {t.archived ? 'Unarchive' : 'Archive'} {t.name}
            </button>
          </div>
          {t.description ? <p className="hint">{t.description}</p> : null}
          {t.written_by && t.written_by.length > 0 ? (
            <div className="hint">
              Written by <ActionLinks actions={t.written_by} />
            </div>
          ) : null}
          <table className="table">
            <thead>
              <tr>
                <th>Attribute</th>
                <th>Type</th>
                <th>Written by</th>
                <th>
                  <span className="visually-hidden">Manage</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {t.attributes.map((a) => (
                <tr key={a.name}>
                  <td className="mono">
                    {a.name}
                    {a.archived ? <span className="tag">archived</span> : null}
                  </td>
                  <td>{a.data_type}</td>
                  <td>
                    <WrittenBy writers={a.written_by} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() =>
                        update(
                          t.identifier,
                          { attributes: [{ name: a.name, archived: !a.archived }] },
                          a.archived ? undefined : { attribute: a.name },
                        )
                      }
                    >
                      {a.archived ? 'Unarchive' : 'Archive'} {t.name}.{a.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {adding?.type === t.identifier ? (
            <form
              className="row"
              style={{ marginTop: 8 }}
              onSubmit={(e) => {
                e.preventDefault();
                update(t.identifier, { attributes: [{ name: adding.name, data_type: adding.data_type }] });
              }}
            >
              <input
                aria-label={`New attribute of ${t.name}`}
                placeholder="name"
                value={adding.name}
                onChange={(e) => setAdding({ ...adding, name: e.target.value })}
              />
              <select
                aria-label={`Data type of the new attribute of ${t.name}`}
                className="fixed"
                value={adding.data_type}
                onChange={(e) => setAdding({ ...adding, data_type: e.target.value })}
              >
                {DATA_TYPES.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
              <button type="submit" className="small fixed">
                Add
              </button>
              <button type="button" className="small secondary fixed" onClick={() => setAdding(null)}>
                Cancel
              </button>
            </form>
          ) : null}
        </div>
      ))}
    </section>
  );
}

function WrittenBy({ writers }: { writers: ActionRef[] | undefined }) {
  return writers && writers.length > 0 ? (
    <ActionLinks actions={writers} />
  ) : (
    <span className="muted">No live action</span>
  );
}
