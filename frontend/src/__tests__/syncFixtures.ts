// What the sync bindings answer in component and store tests: one copy with one peer and one open
// conflict on an incident's title.
import type { Conflict, ImportSummary, SyncStatus } from '../api'

export const siteA = '01a2015c-1981-792d-96f2-5f03216c1f66'
export const siteB = '01a2015c-4114-7568-ac42-125f6b4c3c43'

export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    site_id: siteA,
    name: 'anna@laptop',
    fingerprint: '4fa5 5190 bbfa 5d73 d215 7645 6909 aa6e',
    workspace_id: 'ws-1',
    ops: 12,
    held: 18196,
    origins: 2,
    peers: [
      {
        site_id: siteB,
        name: 'ben@desktop',
        fingerprint: '2b88 e51d a024 839f 5af7 c1c4 9168 ca13',
        acknowledged: 10,
        ours: 12,
        holds: 18194,
        held: 18196,
        first_seen: '2026-11-20T09:00:00Z',
        last_seen: '2026-11-22T10:30:00Z',
        last_bundle: 'b-1',
      },
    ],
    conflicts: 1,
    parked: 0,
    folder: '',
    read_only: false,
    ...over,
  }
}

export function titleConflict(): Conflict {
  return {
    id: 'C-5504891149',
    type: 'value',
    kind: 'incident',
    record: 'id0',
    ref: 'INC-00001',
    title: 'Title from B',
    field: 'title',
    label: 'Title',
    shown: 'Title from B',
    summary: 'Title was changed to different values at the same time',
    options: [
      {
        op: siteA + ':18185',
        value: 'Title from A',
        text: 'Title from A',
        site: siteA,
        site_name: 'anna@laptop (this copy)',
        author: 'anna',
        at: '2026-11-22T03:45:55Z',
      },
      {
        op: siteB + ':1',
        value: 'Title from B',
        text: 'Title from B',
        site: siteB,
        site_name: 'ben@desktop',
        author: 'ben',
        at: '2026-11-22T03:45:57Z',
      },
    ],
  }
}

export function importSummary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    file: '/tmp/b.smsb',
    from: 'ben@desktop',
    from_site: siteB,
    fingerprint: '2b88 e51d a024 839f 5af7 c1c4 9168 ca13',
    plain: false,
    nothing: false,
    ops_new: 2,
    ops_known: 18184,
    ops_held_back: 0,
    blobs_new: 0,
    records: 1,
    conflicts_opened: ['C-5504891149'],
    conflicts_closed: [],
    future_ops: 0,
    peer_new: false,
    ...over,
  }
}
