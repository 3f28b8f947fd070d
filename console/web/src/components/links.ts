/** Where the records page shows a contact or conversation (by id), or a custom object instance. */
export function recordPath(
  record:
    | { kind: 'contact' | 'conversation'; id: string }
    | { kind: 'instance'; type: string; id?: string; externalId?: string },
): string {
  const params = new URLSearchParams({ kind: record.kind });
  if (record.kind === 'instance') {
    params.set('type', record.type);
    if (record.id) {
      params.set('id', record.id);
    } else if (record.externalId) {
      params.set('external_id', record.externalId);
    }
  } else {
    params.set('id', record.id);
  }
  return `/records?${params.toString()}`;
}
