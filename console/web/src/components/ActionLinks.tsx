import { Link } from 'react-router-dom';

/** An action a record depends on: its id, name and, optionally, how (e.g. "its draft"). */
export interface ActionRef {
  id: string;
  name: string;
  note?: string;
}

/** Links to actions, one per line. */
export function ActionLinks({ actions }: { actions: ActionRef[] }) {
  return (
    <ul className="plain">
      {actions.map((a) => (
        <li key={a.id}>
          <Link to={`/actions/${a.id}`}>{a.name}</Link>
          {a.note ? <span className="muted"> ({a.note})</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** A change refused because actions depend on the record: what, why, and the actions, linked. Said once. */
export function Refusal({ lead, actions }: { lead: string; actions: ActionRef[] }) {
  return (
    <div className="banner warn" role="alert">
      <p>{lead}</p>
      <ActionLinks actions={actions} />
    </div>
  );
}
