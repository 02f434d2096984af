// Long work running in the backend (creating a demo workspace, optimising, later imports and
// exports): its progress as the backend reports it in "job:progress" and "job:done" events.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, onEvent, type JobDone, type JobProgress } from '../api'

export interface Job {
  id: string
  name: string
  /** What the job is doing now, as the backend says it. */
  label: string
  done: number
  total: number
  state: 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled'
  error: string
  /** The parameter a failed job's error is about, when the backend names one. */
  field?: string
  /** The code of a failed job's error, when the backend gives one. */
  code?: string
  result?: unknown
}

export const useJobs = defineStore('jobs', () => {
  const jobs = ref<Job[]>([])
  const waiting = new Map<string, { resolve: (j: Job) => void }>()

  const running = computed(() => jobs.value.filter((j) => j.state === 'running' || j.state === 'cancelling'))

  function find(id: string): Job | undefined {
    return jobs.value.find((j) => j.id === id)
  }

  function progress(p: JobProgress): void {
    const j = find(p.id)
    if (!j) {
      jobs.value.push({ id: p.id, name: p.name, label: p.label, done: p.done, total: p.total, state: 'running', error: '' })
      return
    }
    if (j.state !== 'running' && j.state !== 'cancelling') {
      // The report of the last step may arrive after the end (the dev server does not keep
      // events in order): its label still says how the job ended. Any other late report is stale.
      if (j.state === 'done' && p.total > 0 && p.done === p.total) j.label = p.label
      return
    }
    j.label = p.label
    j.done = p.done
    j.total = p.total
  }

  function finished(d: JobDone): void {
    let j = find(d.id)
    if (!j) {
      j = { id: d.id, name: d.name, label: '', done: 0, total: 0, state: 'running', error: '' }
      jobs.value.push(j)
    }
    j.state = d.cancelled ? 'cancelled' : d.error ? 'failed' : 'done'
    j.error = d.error ?? ''
    j.field = d.field || undefined
    j.code = d.code || undefined
    j.result = d.result
    if (j.state === 'done') j.done = j.total
    waiting.get(d.id)?.resolve(j)
    waiting.delete(d.id)
  }

  /** Starts a job; the promise settles with the job when it is finished, however it ended. */
  async function start(name: string, params: Record<string, unknown>): Promise<{ id: string; finished: Promise<Job> }> {
    const id = await api.startJob(name, params)
    return { id, finished: follow(id, name) }
  }

  /**
   * Follows a job the backend started through another call (an import): shows it in the bar and
   * settles with the job when it is finished. Its events may have come before its id.
   */
  function follow(id: string, name: string): Promise<Job> {
    if (!find(id)) jobs.value.push({ id, name, label: '', done: 0, total: 0, state: 'running', error: '' })
    const j = find(id)!
    return j.state === 'running' || j.state === 'cancelling'
      ? new Promise<Job>((resolve) => waiting.set(id, { resolve }))
      : Promise.resolve(j)
  }

  async function cancel(id: string): Promise<void> {
    const j = find(id)
    if (j && j.state === 'running') j.state = 'cancelling'
    await api.cancelJob(id)
  }

  /** Forgets finished jobs, so the bar shows only what still matters. */
  function dismiss(id: string): void {
    jobs.value = jobs.value.filter((j) => j.id !== id)
  }

  function listen(): () => void {
    const offs = [onEvent<JobProgress>('job:progress', progress), onEvent<JobDone>('job:done', finished)]
    return () => offs.forEach((off) => off())
  }

  return { jobs, running, progress, finished, start, follow, cancel, dismiss, listen }
})
