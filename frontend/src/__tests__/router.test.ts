import { describe, expect, it } from 'vitest'
import { listQueryOf, listRoute } from '../router'

describe('list routes', () => {
  it('carry search, sort, filters and view through the query and back', () => {
    const where = [
      { field: 'priority', op: '=', value: 1 },
      { field: 'opened_at', op: '>=', value: '2026-11-01' },
    ]
    const route = listRoute('incident', { search: 'mail', sort: '-priority', where, view: 'Mine' }) as {
      params: { kind: string }
      query: Record<string, string>
    }
    expect(route.params.kind).toBe('incident')
    const back = listQueryOf(route.query)
    expect(back).toEqual({ search: 'mail', sort: '-priority', where, view: 'Mine' })
  })

  it('leave out what is empty, so a plain list has a plain link', () => {
    const route = listRoute('change') as { query: Record<string, string> }
    expect(route.query).toEqual({})
    expect(listQueryOf({})).toEqual({ search: '', sort: '', where: [], view: '' })
  })

  it('show the list unfiltered when a link holds broken filters', () => {
    expect(listQueryOf({ f: '[{"field":"priority"' }).where).toEqual([])
    expect(listQueryOf({ f: '[{"nofield":1},{"field":"status","op":"=","value":"new"}]' }).where).toEqual([
      { field: 'status', op: '=', value: 'new' },
    ])
  })
})
