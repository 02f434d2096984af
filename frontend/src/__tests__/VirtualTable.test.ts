import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { i18n } from '../i18n'
import VirtualTable, { type Column } from '../components/VirtualTable.vue'
import { incidentKind, incidents, installBackend } from './fakeBackend'

const columns: Column[] = [
  { key: 'ref', label: 'Ref', width: 100, sortable: true },
  { key: 'title', label: 'Title', width: 200, grow: true, sortable: true, field: incidentKind.fields[0] },
  { key: 'status', label: 'Status', width: 120, sortable: true },
  { key: 'priority', label: 'Priority', width: 100, sortable: true, field: incidentKind.fields[1] },
]

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('VirtualTable', () => {
  let w: VueWrapper | undefined
  afterEach(() => w?.unmount())

  function mountTable(n: number, props: Record<string, unknown> = {}) {
    const backend = installBackend([incidentKind], incidents(n))
    w = mount(VirtualTable, {
      props: { kind: incidentKind, columns, search: '', sort: '', where: [], version: 0, selectedId: '', ...props },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    return backend
  }

  const refs = () => w!.findAll('[data-ref]').map((r) => r.attributes('data-ref'))

  it('fetches only the first block of a long register and renders only rows near the view', async () => {
    const { calls } = mountTable(5000)
    await flushPromises()
    const lists = calls.filter((c) => c.method === 'List')
    expect(lists).toHaveLength(1)
    expect(lists[0].args[1]).toMatchObject({ offset: 0, limit: 50 })
    expect(w!.attributes('data-total')).toBe('5000')
    expect(refs()[0]).toBe('INC-00001')
    expect(refs().length).toBeGreaterThan(0)
    expect(refs().length).toBeLessThan(60)
    // the scroll height stands for every row
    const grid = w!.find('.grid').element as HTMLElement
    expect(grid.style.height).toBe(38 + 5000 * 36 + 'px')
  })

  it('fetches the block scrolled to and shows its rows', async () => {
    const { calls } = mountTable(5000)
    await flushPromises()
    const el = w!.element as HTMLElement
    el.scrollTop = 4990 * 36
    el.dispatchEvent(new Event('scroll'))
    await wait(80)
    await flushPromises()
    const offsets = calls.filter((c) => c.method === 'List').map((c) => (c.args[1] as { offset: number }).offset)
    expect(offsets).toContain(4950)
    expect(refs()).toContain('INC-04991')
    expect(refs()).not.toContain('INC-00001')
  })

  it('formats cells from the declaration and opens a row on click', async () => {
    mountTable(3)
    await flushPromises()
    const row = w!.find('[data-ref="INC-00001"]')
    expect(row.find('[data-col=priority]').text()).toBe('Critical')
    expect(row.find('[data-col=status]').text()).toBe('Resolved')
    await row.trigger('click')
    expect((w!.emitted('open')?.[0]?.[0] as { ref: string }).ref).toBe('INC-00001')
  })

  it('cycles a column through ascending, descending and unsorted', async () => {
    mountTable(3)
    await flushPromises()
    await w!.find('.th[data-col=priority]').trigger('click')
    expect(w!.emitted('sort')?.at(-1)).toEqual(['priority'])
    await w!.setProps({ sort: 'priority' })
    await w!.find('.th[data-col=priority]').trigger('click')
    expect(w!.emitted('sort')?.at(-1)).toEqual(['-priority'])
    await w!.setProps({ sort: '-priority' })
    await w!.find('.th[data-col=priority]').trigger('click')
    expect(w!.emitted('sort')?.at(-1)).toEqual([''])
  })

  it('says when filters leave nothing, and reports the total it found', async () => {
    mountTable(4, { where: [{ field: 'status', op: '=', value: 'closed' }] })
    await flushPromises()
    expect(w!.find('.empty-state').text()).toBe('No records match these filters')
    expect(w!.emitted('loaded')?.at(-1)).toEqual([{ total: 0, error: '' }])
  })

  it('finds the neighbours of a record for next and previous', async () => {
    mountTable(250)
    await flushPromises()
    const vm = w!.vm as unknown as { neighbour: (id: string, step: 1 | -1) => Promise<string | null> }
    expect(await vm.neighbour('id0', -1)).toBeNull()
    expect(await vm.neighbour('id0', 1)).toBe('id1')
    // across a block edge: row 50 is fetched on demand
    expect(await vm.neighbour('id49', 1)).toBe('id50')
  })
})
