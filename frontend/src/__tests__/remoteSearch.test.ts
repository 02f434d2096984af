import { describe, expect, it, vi } from 'vitest'
import { useRemoteSearch } from '../remoteSearch'

describe('useRemoteSearch', () => {
  it('keeps the answer to the latest search when an older one returns late', async () => {
    const answers: Record<string, (v: { value: string; label: string }[]) => void> = {}
    const s = useRemoteSearch((text) => new Promise((resolve) => (answers[text] = resolve)))
    const older = s.load('ma')
    const latest = s.load('mail')
    answers.mail([{ value: 'b', label: 'Mail' }])
    await latest
    answers.ma([{ value: 'a', label: 'Major' }])
    await older
    expect(s.options.value.map((o) => o.label)).toEqual(['Mail'])
    expect(s.loading.value).toBe(false)
  })

  it('shows why a search failed, and debounces typing', async () => {
    vi.useFakeTimers()
    const calls: string[] = []
    const s = useRemoteSearch(async (text) => {
      calls.push(text)
      throw new Error(JSON.stringify({ message: 'the workspace is closed' }))
    })
    s.onSearch('m')
    s.onSearch('ma ')
    await vi.advanceTimersByTimeAsync(250)
    vi.useRealTimers()
    expect(calls).toEqual(['ma'])
    expect(s.error.value).toBe('the workspace is closed')
    expect(s.loading.value).toBe(false)
  })
})
