import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useWorkbench } from '../stores/workbench'
import { incidentKind, incidents, installBackend } from './fakeBackend'

describe('workbench store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    installBackend([incidentKind], incidents(3))
  })

  it('loads the schema and finds kinds by name', async () => {
    const wb = useWorkbench()
    await wb.load()
    expect(wb.kindOf('incident')?.plural).toBe('Incidents')
    expect(wb.kindOf('nothing')).toBeUndefined()
    expect(wb.firstKind()).toBe('incident')
  })

  it('follows links with a trail that Back walks', () => {
    const wb = useWorkbench()
    wb.openRecord('incident', 'id0')
    wb.openLinked('service', 'svc1', 'INC-00001')
    wb.openLinked('ci', 'ci1', 'SVC-00001')
    expect(wb.trail.map((t) => t.ref)).toEqual(['INC-00001', 'SVC-00001'])
    wb.goBack()
    expect(wb.panel).toEqual({ kind: 'service', key: 'svc1', mode: 'view' })
    wb.goBack()
    expect(wb.panel).toEqual({ kind: 'incident', key: 'id0', mode: 'view' })
    // opening from a list starts a new trail
    wb.openLinked('service', 'svc1', 'INC-00001')
    wb.openRecord('incident', 'id2')
    expect(wb.trail).toEqual([])
  })

  it('steps to the next and previous row of the list on screen, not past its ends', async () => {
    const wb = useWorkbench()
    const ids = ['id0', 'id1', 'id2']
    wb.listed = {
      kind: 'incident',
      neighbour: async (id, step) => ids[ids.indexOf(id) + step] ?? null,
    }
    wb.openRecord('incident', 'id1')
    expect(await wb.step(1)).toBe(true)
    expect(wb.panel?.key).toBe('id2')
    expect(await wb.step(1)).toBe(false)
    expect(wb.panel?.key).toBe('id2')
    await wb.step(-1)
    await wb.step(-1)
    expect(wb.panel?.key).toBe('id0')
    // a new record is not part of the list
    wb.newRecord('incident')
    expect(await wb.step(1)).toBe(false)
  })
})
