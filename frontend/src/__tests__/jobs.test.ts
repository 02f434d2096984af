import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useJobs } from '../stores/jobs'
import { installBackend } from './fakeBackend'

describe('jobs store', () => {
  let calls: { method: string; args: unknown[] }[]
  beforeEach(() => {
    setActivePinia(createPinia())
    calls = installBackend([], [], { StartJob: () => 'job-1', CancelJob: () => undefined }).calls
  })

  it('follows progress and settles when the job is done', async () => {
    const jobs = useJobs()
    const { id, finished } = await jobs.start('create-workspace', { path: '/tmp/x.smswb' })
    expect(id).toBe('job-1')
    expect(calls.find((c) => c.method === 'StartJob')?.args).toEqual(['create-workspace', { path: '/tmp/x.smswb' }])
    jobs.progress({ id, name: 'create-workspace', done: 3, total: 18, label: 'incidents' })
    expect(jobs.running).toHaveLength(1)
    expect(jobs.jobs[0]).toMatchObject({ done: 3, total: 18, label: 'incidents', state: 'running' })
    jobs.finished({ id, name: 'create-workspace', result: { path: '/tmp/x.smswb' } })
    const j = await finished
    expect(j.state).toBe('done')
    expect(j.done).toBe(18)
    expect(jobs.running).toHaveLength(0)
    // progress arriving late does not bring a finished job back
    jobs.progress({ id, name: 'create-workspace', done: 5, total: 18, label: 'late' })
    expect(jobs.jobs[0].state).toBe('done')
    expect(jobs.jobs[0].label).toBe('incidents')
    // the report of the last step, arriving after the end, still gives its label
    jobs.progress({ id, name: 'create-workspace', done: 18, total: 18, label: 'Done' })
    expect(jobs.jobs[0]).toMatchObject({ state: 'done', label: 'Done' })
  })

  it('asks the backend to cancel and reports how the job ended', async () => {
    const jobs = useJobs()
    const { id, finished } = await jobs.start('optimize', {})
    await jobs.cancel(id)
    expect(jobs.jobs[0].state).toBe('cancelling')
    expect(calls.some((c) => c.method === 'CancelJob' && c.args[0] === id)).toBe(true)
    jobs.finished({ id, name: 'optimize', cancelled: true })
    expect((await finished).state).toBe('cancelled')
  })

  it('keeps the error of a failed job and forgets it when dismissed', async () => {
    const jobs = useJobs()
    const { id, finished } = await jobs.start('optimize', {})
    jobs.finished({ id, name: 'optimize', error: 'database is locked' })
    const j = await finished
    expect(j.state).toBe('failed')
    expect(j.error).toBe('database is locked')
    jobs.dismiss(id)
    expect(jobs.jobs).toHaveLength(0)
  })
})
