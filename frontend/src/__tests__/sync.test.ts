import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from '../api'
import { useSync } from '../stores/sync'
import { useJobs } from '../stores/jobs'
import { installBackend, type FakeCall } from './fakeBackend'
import { importSummary, siteB, syncStatus, titleConflict } from './syncFixtures'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('sync store', () => {
  let calls: FakeCall[]
  let conflicts = [titleConflict()]
  let jobNo = 6
  beforeEach(() => {
    setActivePinia(createPinia())
    conflicts = [titleConflict()]
    jobNo = 6
    calls = installBackend([], [], {
      SyncStatus: () => syncStatus({ conflicts: conflicts.length }),
      Conflicts: () => conflicts,
      ExportBundle: (path, _pass, forSite) => ({ path, ops: 3, records: 2, blobs: 0, for: forSite, encrypted: true }),
      ImportBundle: () => 'job-' + ++jobNo,
      SyncFolderNow: () => 'job-20',
      ResolveConflict: (id) => {
        conflicts = conflicts.filter((c) => c.id !== id)
        return { records_touched: 1, conflicts_opened: null, conflicts_closed: [id] }
      },
    }).calls
  })

  it('loads the status with its peers and the open conflicts', async () => {
    const sync = useSync()
    await Promise.all([sync.loadStatus(), sync.loadConflicts()])
    expect(sync.status?.peers[0].site_id).toBe(siteB)
    expect(sync.conflicts).toHaveLength(1)
    expect(sync.conflictsLoaded).toBe(true)
  })

  it('refuses two different passphrases beside the confirmation, before asking the backend', async () => {
    const sync = useSync()
    await expect(sync.exportBundle('/tmp/x.smsb', 'one', 'two', '')).rejects.toMatchObject({ field: 'confirm' })
    await expect(sync.exportBundle('', 'one', 'one', '')).rejects.toMatchObject({ field: 'path' })
    await expect(sync.exportBundle('/tmp/x.smsb', '', '', '')).rejects.toMatchObject({ field: 'passphrase' })
    expect(calls.some((c) => c.method === 'ExportBundle')).toBe(false)
    const out = await sync.exportBundle(' /tmp/x.smsb ', 'same', 'same', siteB)
    expect(calls.find((c) => c.method === 'ExportBundle')?.args).toEqual(['/tmp/x.smsb', 'same', siteB])
    expect(out.for).toBe(siteB)
  })

  it('follows an import job to its summary, then reads the status and conflicts again', async () => {
    const sync = useSync()
    const jobs = useJobs()
    const done = sync.importBundle('/tmp/b.smsb', 'pw')
    await flush()
    expect(calls.find((c) => c.method === 'ImportBundle')?.args).toEqual(['/tmp/b.smsb', 'pw'])
    // the job shows in the jobs bar while it runs
    expect(jobs.running.map((j) => j.name)).toEqual(['import-bundle'])
    jobs.progress({ id: 'job-7', name: 'import-bundle', done: 0, total: 1, label: 'Decrypting' })
    jobs.finished({ id: 'job-7', name: 'import-bundle', result: importSummary() })
    const sum = await done
    expect(sum.ops_new).toBe(2)
    expect(sum.conflicts_opened).toEqual(['C-5504891149'])
    expect(calls.filter((c) => c.method === 'SyncStatus')).toHaveLength(1)
    expect(calls.filter((c) => c.method === 'Conflicts')).toHaveLength(1)
  })

  it('turns a failed import into an error naming its field', async () => {
    const sync = useSync()
    const jobs = useJobs()
    const done = sync.importBundle('/tmp/b.smsb', 'wrong')
    await flush()
    jobs.finished({ id: 'job-7', name: 'import-bundle', error: 'cannot decrypt b.smsb: wrong passphrase', field: 'passphrase' })
    const err = await done.catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ field: 'passphrase', message: 'cannot decrypt b.smsb: wrong passphrase' })
    // an error without a field goes beside the file
    const again = sync.importBundle('/tmp/b.smsb', 'pw')
    await flush()
    jobs.finished({ id: 'job-8', name: 'import-bundle', error: 'b.smsb comes from another workspace' })
    await expect(again).rejects.toMatchObject({ field: 'path' })
  })

  it('handles a job that ended before its id came back', async () => {
    const sync = useSync()
    const jobs = useJobs()
    jobs.finished({ id: 'job-20', name: 'sync-folder', result: { imported: [], ops_new: 0 } })
    const sum = await sync.syncFolder('pw')
    expect(sum.ops_new).toBe(0)
  })

  it('resolves by keeping a value or with another, and reads the list again', async () => {
    const sync = useSync()
    await sync.loadConflicts()
    const c = sync.conflicts[0]
    const res = await sync.resolve(c.id, { keep: c.options[0].op })
    expect(calls.find((x) => x.method === 'ResolveConflict')?.args).toEqual([c.id, '', c.options[0].op])
    expect(res.conflicts_closed).toEqual([c.id])
    expect(res.conflicts_opened).toEqual([])
    expect(sync.conflicts).toEqual([])
    await sync.resolve('C-1', { value: '"Other"' })
    expect(calls.filter((x) => x.method === 'ResolveConflict')[1].args).toEqual(['C-1', '"Other"', ''])
  })
})
