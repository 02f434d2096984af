import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { i18n } from '../i18n'
import FilterBar from '../components/FilterBar.vue'
import { incidentKind, installBackend } from './fakeBackend'

describe('FilterBar', () => {
  let w: VueWrapper | undefined
  afterEach(() => w?.unmount())

  it('names each filter in words and removes the one closed', async () => {
    installBackend([incidentKind], [])
    w = mount(FilterBar, {
      props: {
        kind: incidentKind,
        where: [
          { field: 'priority', op: '=', value: 1 },
          { field: 'status', op: '!=', value: 'closed' },
          { field: 'urgent', op: '=', value: true },
          { field: 'service', op: '=', value: '' },
          { field: 'opened_at', op: '>=', value: '2026-11-01' },
        ],
      },
      global: { plugins: [i18n] },
    })
    const chips = w.findAll('[data-testid=filter-chip]').map((c) => c.text())
    expect(chips).toEqual([
      'Priority is Critical',
      'Status is not Closed',
      'Urgent is Yes',
      'Service is empty',
      'Opened on or after / at least 2026-11-01',
    ])
    await w.findAll('[data-testid=filter-chip] .n-tag__close')[1].trigger('click')
    const next = w.emitted('update:where')?.at(-1)?.[0] as { field: string }[]
    expect(next.map((f) => f.field)).toEqual(['priority', 'urgent', 'service', 'opened_at'])
  })

  it('marks a filter on a field the register does not declare, and only that one', () => {
    installBackend([incidentKind], [])
    w = mount(FilterBar, {
      props: {
        kind: incidentKind,
        where: [
          { field: 'priority', op: '=', value: 1 },
          { field: 'colour" IS NULL OR "1', op: '=', value: '' },
          { field: 'ref', op: '=', value: 'INC-00001' },
        ],
      },
      global: { plugins: [i18n] },
    })
    const chips = w.findAll('[data-testid=filter-chip]')
    expect(chips.map((c) => c.attributes('data-unknown') ?? '')).toEqual(['', 'true', ''])
    expect(chips[1].attributes('title')).toBe('No field “colour" IS NULL OR "1” in this register')
  })
})
