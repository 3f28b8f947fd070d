import { FieldErrors, hasError } from '../../components/Errors';
import type { CustomObjectType, DataAttribute, InputType, ObjectMapping, ResponseField } from '../../types';
import { actionWritable, INPUT_TYPES } from '../../types';
import { useList } from '../../query';
import type { Draft } from './draft';

interface Props {
  draft: Draft;
  error: unknown;
  edit: (change: Partial<Draft>) => void;
}

interface DataModel {
  contact: DataAttribute[];
  conversation: DataAttribute[];
  types: CustomObjectType[];
}

/**
 * The outputs read from the response and where they are stored. Only targets the API accepts are
 * offered: custom attributes that are not archived and not protected (protected ones are
 * admin-only), and the live attributes of custom object types.
 */
export function Mappings({ draft, error, edit }: Props) {
  const model: DataModel = {
    contact: useList<DataAttribute>('objects', '/data_attributes', { model: 'contact' }).items ?? [],
    conversation: useList<DataAttribute>('objects', '/data_attributes', { model: 'conversation' }).items ?? [],
    types: useList<CustomObjectType>('objects', '/custom_object_types').items ?? [],
  };

  const outputs = draft.response_fields.map((f) => f.name).filter(Boolean);
  const setField = (i: number, change: Partial<ResponseField>) =>
    edit({
      response_fields: draft.response_fields.map((f, j) => (j === i ? { ...f, ...change } : f)),
    });
  const setMapping = (i: number, mapping: ObjectMapping | null) =>
    edit({
      object_mappings:
        mapping === null
          ? draft.object_mappings.filter((_, j) => j !== i)
          : draft.object_mappings.map((m, j) => (j === i ? mapping : m)),
    });
  const add = (target: ObjectMapping['target']) =>
    edit({
      object_mappings: [
        ...draft.object_mappings,
        target === 'custom_object'
          ? {
              target,
              // The first type the list offers (an archived one is not offered).
              object_type: model.types.find((t) => !t.archived)?.identifier ?? '',
              external_id_output: '',
              attributes: {},
              references: ['contact', 'conversation'],
            }
          : { target, attributes: {} },
      ],
    });

  return (
    <>
      <section className="card" aria-labelledby="outputs-heading">
        <h2 id="outputs-heading">Outputs</h2>
        <p className="hint">Values read from the JSON response. Click a field of a tested response to add one.</p>
        {draft.response_fields.map((field, i) => (
          <fieldset key={i} className="row wide" aria-label={`Output ${i + 1}`}>
            <div>
              <label htmlFor={`output-${i}-name`}>Output name</label>
              <input
                id={`output-${i}-name`}
                value={field.name}
                onChange={(e) => setField(i, { name: e.target.value })}
                aria-invalid={hasError(error, `response_fields[${i}].name`) || undefined}
              />
            </div>
            <div>
              <label htmlFor={`output-${i}-path`}>JSONPath</label>
              <input
                id={`output-${i}-path`}
                className="mono"
                value={field.path}
                onChange={(e) => setField(i, { path: e.target.value })}
                aria-invalid={hasError(error, `response_fields[${i}].path`) || undefined}
              />
            </div>
            <div className="fixed">
              <label htmlFor={`output-${i}-type`}>Type</label>
              <select
                id={`output-${i}-type`}
                value={field.type}
                onChange={(e) => setField(i, { type: e.target.value as InputType })}
              >
                {INPUT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            <div className="fixed">
              <label className="inline" style={{ marginTop: 34 }}>
                <input
                  type="checkbox"
                  checked={field.redacted ?? false}
                  onChange={(e) => setField(i, { redacted: e.target.checked })}
                />
                Redacted
              </label>
            </div>
            <div className="fixed">
              <button
                type="button"
                className="small secondary"
                style={{ marginTop: 32 }}
                aria-label={`Remove output ${field.name || i + 1}`}
                onClick={() => edit({ response_fields: draft.response_fields.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </div>
            <FieldErrors error={error} field={`response_fields[${i}]`} />
          </fieldset>
        ))}
        <FieldErrors error={error} field="response_fields" />
        <button
          type="button"
          className="secondary small"
          onClick={() =>
            edit({
              response_fields: [...draft.response_fields, { name: '', path: '$.', type: 'string', redacted: false }],
            })
          }
        >
          Add output
        </button>
      </section>

      <section className="card" aria-labelledby="mappings-heading">
        <h2 id="mappings-heading">Store outputs</h2>
        {draft.object_mappings.map((mapping, i) => (
          <fieldset key={i} className="mapping" aria-label={`Mapping ${i + 1}: ${mapping.target}`}>
            <legend>
              {mapping.target === 'custom_object'
                ? 'Custom object'
                : mapping.target === 'contact'
                  ? 'Contact attributes'
                  : 'Conversation attributes'}
            </legend>
            {mapping.target === 'custom_object' ? (
              <CustomObjectMapping
                i={i}
                mapping={mapping}
                types={model.types}
                outputs={outputs}
                error={error}
                onChange={(m) => setMapping(i, m)}
              />
            ) : (
              <AttributeMapping
                i={i}
                mapping={mapping}
                outputs={outputs}
                error={error}
                onChange={(m) => setMapping(i, m)}
                attributes={model[mapping.target].filter((a) => !a.archived && actionWritable(a))}
              />
            )}
            <FieldErrors error={error} field={`object_mappings[${i}]`} />
            <button type="button" className="small secondary" onClick={() => setMapping(i, null)}>
              Remove this mapping
            </button>
          </fieldset>
        ))}
        <FieldErrors error={error} field="object_mappings" />
        <div className="toolbar">
          <button type="button" className="secondary small" onClick={() => add('conversation')}>
            Map to conversation attributes
          </button>
          <button type="button" className="secondary small" onClick={() => add('contact')}>
            Map to contact attributes
          </button>
          <button
            type="button"
            className="secondary small"
            onClick={() => add('custom_object')}
            disabled={!model.types.some((t) => !t.archived)}
          >
            Map to a custom object
          </button>
        </div>
      </section>
    </>
  );
}

interface AttributeMappingProps {
  i: number;
  mapping: ObjectMapping;
  attributes: DataAttribute[];
  outputs: string[];
  error: unknown;
  onChange: (mapping: ObjectMapping) => void;
}

/** Custom attribute → output rows of a contact or conversation mapping. */
function AttributeMapping({ i, mapping, attributes, outputs, error, onChange }: AttributeMappingProps) {
  const entries = Object.entries(mapping.attributes ?? {});
  const free = attributes.filter((a) => !(a.name in mapping.attributes));
  const set = (entriesNext: [string, string][]) =>
    onChange({ ...mapping, attributes: Object.fromEntries(entriesNext) });
  return (
    <>
      {attributes.length === 0 ? (
        <p className="hint">
          No {mapping.target} attribute can take an action's data yet: create a custom attribute that is not protected
          (messenger-writable) in the data model.
        </p>
      ) : null}
      {entries.map(([attribute, output], k) => (
        <div className="row" key={k}>
          <div>
            <label htmlFor={`mapping-${i}-${k}-attribute`}>
              {mapping.target === 'contact' ? 'Contact' : 'Conversation'} attribute
            </label>
            <select
              id={`mapping-${i}-${k}-attribute`}
              value={attribute}
              aria-invalid={hasError(error, `object_mappings[${i}].attributes.${attribute}`) || undefined}
              onChange={(e) => set(entries.map(([a, o], j) => (j === k ? [e.target.value, o] : [a, o])))}
            >
              {!attributes.some((a) => a.name === attribute) ? (
                <option value={attribute}>{attribute} (not offered)</option>
              ) : null}
              {attributes
                .filter((a) => a.name === attribute || !(a.name in mapping.attributes))
                .map((a) => (
                  <option key={a.name} value={a.name}>
                    {a.name} ({a.data_type})
                  </option>
                ))}
            </select>
          </div>
          <div>
            <label htmlFor={`mapping-${i}-${k}-output`}>Output</label>
            <OutputSelect
              id={`mapping-${i}-${k}-output`}
              value={output}
              outputs={outputs}
              onChange={(o) => set(entries.map(([a, x], j) => (j === k ? [a, o] : [a, x])))}
            />
          </div>
          <button
            type="button"
            className="small secondary fixed"
            style={{ marginTop: 32 }}
            aria-label={`Remove ${attribute}`}
            onClick={() => set(entries.filter((_, j) => j !== k))}
          >
            Remove
          </button>
        </div>
      ))}
      {free.length > 0 ? (
        <button
          type="button"
          className="secondary small"
          onClick={() => set([...entries, [free[0].name, outputs[0] ?? '']])}
        >
          Add attribute
        </button>
      ) : null}
    </>
  );
}

interface CustomObjectMappingProps {
  i: number;
  mapping: ObjectMapping;
  types: CustomObjectType[];
  outputs: string[];
  error: unknown;
  onChange: (mapping: ObjectMapping) => void;
}

/** A custom object mapping: its type, the output holding its external id, attribute outputs and references. */
function CustomObjectMapping({ i, mapping, types, outputs, error, onChange }: CustomObjectMappingProps) {
  const type = types.find((t) => t.identifier === mapping.object_type);
  const references = mapping.references ?? [];
  return (
    <>
      <div className="row">
        <div>
          <label htmlFor={`mapping-${i}-type`}>Object type</label>
          <select
            id={`mapping-${i}-type`}
            value={mapping.object_type ?? ''}
            aria-invalid={hasError(error, `object_mappings[${i}].object_type`) || undefined}
            onChange={(e) => onChange({ ...mapping, object_type: e.target.value, attributes: {} })}
          >
            <option value="">Choose…</option>
            {types
              .filter((t) => !t.archived)
              .map((t) => (
                <option key={t.identifier} value={t.identifier}>
                  {t.name}
                </option>
              ))}
          </select>
        </div>
        <div>
          <label htmlFor={`mapping-${i}-external-id`}>External id from output</label>
          <OutputSelect
            id={`mapping-${i}-external-id`}
            value={mapping.external_id_output ?? ''}
            outputs={outputs}
            invalid={hasError(error, `object_mappings[${i}].external_id_output`)}
            onChange={(o) => onChange({ ...mapping, external_id_output: o })}
          />
        </div>
      </div>
      {type
        ? type.attributes
            .filter((a) => !a.archived)
            .map((attribute) => (
              <div className="row" key={attribute.name}>
                <div>
                  <label htmlFor={`mapping-${i}-attr-${attribute.name}`}>
                    {type.name}.{attribute.name} <span className="muted">({attribute.data_type})</span>
                  </label>
                  <OutputSelect
                    id={`mapping-${i}-attr-${attribute.name}`}
                    value={mapping.attributes[attribute.name] ?? ''}
                    outputs={outputs}
                    allowNone
                    invalid={hasError(error, `object_mappings[${i}].attributes.${attribute.name}`)}
                    onChange={(o) => {
                      const attributes = { ...mapping.attributes };
                      if (o === '') {
                        delete attributes[attribute.name];
                      } else {
                        attributes[attribute.name] = o;
                      }
                      onChange({ ...mapping, attributes });
                    }}
                  />
                </div>
              </div>
            ))
        : null}
      <fieldset className="bare" aria-label="References">
        <span className="muted">Reference: </span>
        {(['contact', 'conversation'] as const).map((r) => (
          <label className="inline" key={r}>
            <input
              type="checkbox"
              checked={references.includes(r)}
              onChange={(e) =>
                onChange({
                  ...mapping,
                  references: e.target.checked ? [...references, r] : references.filter((x) => x !== r),
                })
              }
            />
            the {r}
          </label>
        ))}
      </fieldset>
    </>
  );
}

function OutputSelect({
  id,
  value,
  outputs,
  onChange,
  allowNone,
  invalid,
}: {
  id: string;
  value: string;
  outputs: string[];
  onChange: (output: string) => void;
  allowNone?: boolean;
  invalid?: boolean;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined}>
      <option value="">{allowNone ? 'Not stored' : 'Choose an output…'}</option>
      {value && !outputs.includes(value) ? <option value={value}>{value} (no such output)</option> : null}
      {outputs.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}
