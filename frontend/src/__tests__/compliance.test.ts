import { describe, expect, it } from 'vitest'
import type { Catalogue, ClauseResult, Programme } from '../api'
import { clauseTree, coverageGrid, formatBytes, lastTwelveMonths, matches, parentOf, readBase64, signed } from '../compliance'

const ids = ['4.1', '4.2', '8.1', '8.5', '8.5.1', '8.5.1.1', '8.5.1.2', '8.5.2', '9.2', '10.1']
const cat: Catalogue = {
  clauses: ids.map((id) => ({ id, title: 'Clause ' + id, summary: '', evidence: [], registers: [] })),
  groups: [
    { id: '4', title: 'Context' },
    { id: '8', title: 'Operation' },
    { id: '9', title: 'Evaluation' },
    { id: '10', title: 'Improvement' },
  ],
  results: [],
  editions: [],
  maturity: [],
  grades: [],
  types: [],
}

function result(clause: string, over: Partial<ClauseResult> = {}): ClauseResult {
  return { clause, title: 'Clause ' + clause, status: 'todo', result: 'not_assessed', maturity: null, notes: '', evidence: [], files: [], findings: [], ...over }
}

const clauses = ids.map((id) => result(id))
function set(id: string, over: Partial<ClauseResult>) {
  const i = clauses.findIndex((c) => c.clause === id)
  clauses[i] = result(id, over)
}
set('4.1', { status: 'done', result: 'conformant', maturity: 3 })
set('8.5.1.1', { status: 'done', result: 'nonconformant' })
set('8.5.1.2', { status: 'done', result: 'partially_conformant' })
set('9.2', {
  status: 'done',
  result: 'conformant',
  findings: [{ id: 'f', ref: 'FND-1', title: 'x', grade: 'minor', clause: '9.2', status: 'open', nonconformity: 'NC-1' }],
})

describe('the clause tree', () => {
  it('lists every clause under its group with its depth, and counts what is done', () => {
    const tree = clauseTree(cat, clauses)
    expect(tree.map((g) => g.id)).toEqual(['4', '8', '9', '10'])
    const op = tree[1]
    expect(op.rows.map((r) => [r.id, r.depth])).toEqual([
      ['8.1', 0],
      ['8.5', 0],
      ['8.5.1', 1],
      ['8.5.1.1', 2],
      ['8.5.1.2', 2],
      ['8.5.2', 1],
    ])
    expect([op.done, op.total]).toEqual([2, 6])
    expect(tree[0].rows[0]).toMatchObject({ id: '4.1', result: 'conformant', status: 'done', maturity: 3, context: false })
  })

  it('keeps the clauses above a match as context and drops empty groups', () => {
    const tree = clauseTree(cat, clauses, 'nonconformant')
    expect(tree.map((g) => g.id)).toEqual(['8', '9'])
    expect(tree[0].rows.map((r) => [r.id, r.context])).toEqual([
      ['8.5', true],
      ['8.5.1', true],
      ['8.5.1.1', false],
    ])
    // a minor nonconformity finding open against a conformant clause counts
    expect(tree[1].rows.map((r) => r.id)).toEqual(['9.2'])
    // totals stay those of the whole group
    expect(tree[0].total).toBe(6)
  })

  it('filters to do, gaps and by text', () => {
    const todo = clauseTree(cat, clauses, 'todo').flatMap((g) => g.rows.filter((r) => !r.context).map((r) => r.id))
    expect(todo).toEqual(['4.2', '8.1', '8.5', '8.5.1', '8.5.2', '10.1'])
    const gaps = clauseTree(cat, clauses, 'gaps').flatMap((g) => g.rows.filter((r) => !r.context).map((r) => r.id))
    expect(gaps).toEqual(['8.5.1.1', '8.5.1.2', '9.2'])
    expect(clauseTree(cat, clauses, 'all', '8.5.1.').flatMap((g) => g.rows.map((r) => r.id))).toEqual(['8.5', '8.5.1', '8.5.1.1', '8.5.1.2'])
    expect(matches(result('4.2', { title: 'Interested parties' }), 'all', 'PARTIES')).toBe(true)
    expect(clauseTree(cat, clauses, 'all', 'nothing like it')).toEqual([])
  })

  it('shows group headings as context only, counts requirements, and lists carried-forward results as gaps', () => {
    const rolled: Catalogue = { ...cat, clauses: cat.clauses.map((c) => ({ ...c, rollup: c.id === '8.5' || c.id === '8.5.1' })) }
    const list = clauses.map((c) =>
      c.clause === '8.5' || c.clause === '8.5.1'
        ? { ...c, rollup: true, status: 'rollup', result: 'nonconformant' }
        : c.clause === '10.1'
          ? { ...c, status: 'todo', result: 'conformant', carried_forward: true }
          : c,
    )
    const op = clauseTree(rolled, list, 'all').find((g) => g.id === '8')!
    expect(op.total).toBe(4) // 8.1, 8.5.1.1, 8.5.1.2, 8.5.2: not the two headings
    expect(op.rows.filter((r) => r.rollup).map((r) => r.id)).toEqual(['8.5', '8.5.1'])
    const todo = clauseTree(rolled, list, 'todo').find((g) => g.id === '8')!
    expect(todo.rows.map((r) => [r.id, r.context])).toEqual([
      ['8.1', false],
      ['8.5', true],
      ['8.5.2', false],
    ])
    const gaps = clauseTree(rolled, list, 'gaps')
    expect(gaps.find((g) => g.id === '10')!.rows.map((r) => [r.id, r.carried])).toEqual([['10.1', true]])
  })

  it('knows the parent of a clause', () => {
    expect(parentOf('8.5.1.1')).toBe('8.5.1')
    expect(parentOf('8.5')).toBe('')
    expect(parentOf('10.1')).toBe('')
  })
})

describe('the coverage grid', () => {
  const p: Programme = {
    from: '2023-11-22',
    to: '2026-11-22',
    audits: [
      { id: 'a', ref: 'AUD-1', title: 'A', source: 'audit', date: '2025-01-21', status: 'closed', clauses: ['8.5.1.1', '8.5.1.2', '4.1'] },
      { id: 'b', ref: 'ASM-1', title: 'B', source: 'assessment', date: '2026-03-01', status: 'done', clauses: ['4.1', '9.2'] },
    ],
    covered: ['4.1', '8.5.1', '8.5.1.1', '8.5.1.2', '9.2'],
    uncovered: ['4.2', '8.1', '8.5', '8.5.2', '10.1'],
    last_covered: { '4.1': '2026-03-01', '8.5.1': '2025-01-21', '8.5.1.1': '2025-01-21', '8.5.1.2': '2025-01-21', '9.2': '2026-03-01' },
    plan_to: '2029-11-22',
    planned: [{ id: 'c', ref: 'AUD-2', title: 'C', source: 'audit', date: '2027-04-01', status: 'planned', clauses: ['8.5', '10.1'] }],
    next_planned: { '8.5': '2027-04-01', '8.5.2': '2027-04-01', '10.1': '2027-04-01' },
    unplanned: ['4.2', '8.1'],
  }
  it('marks what each audit covered, a main clause through all its sub-clauses', () => {
    const rows = Object.fromEntries(coverageGrid(cat, p).map((r) => [r.id, r]))
    expect(rows['4.1'].cells).toEqual([true, true])
    expect(rows['8.5.1'].cells).toEqual([true, false])
    expect(rows['8.5'].cells).toEqual([false, false]) // 8.5.2 was never audited
    expect(rows['9.2']).toMatchObject({ cells: [false, true], last: '2026-03-01', never: false })
    expect(rows['10.1']).toMatchObject({ cells: [false, false], last: '', never: true })
  })
  it('marks what each planned audit will cover, and what no audit plans', () => {
    const rows = Object.fromEntries(coverageGrid(cat, p).map((r) => [r.id, r]))
    expect(rows['10.1']).toMatchObject({ planned: [true], next: '2027-04-01', unplanned: false })
    expect(rows['8.5.1.1'].planned).toEqual([true]) // under the heading 8.5 the audit names
    expect(rows['4.2']).toMatchObject({ planned: [false], next: '', unplanned: true })
  })
})

describe('small formats', () => {
  it('sizes, signed changes and the default period', () => {
    expect(formatBytes(812)).toBe('812 B')
    expect(formatBytes(14540)).toBe('14.2 KB')
    expect(formatBytes(3 * 1024 * 1024 + 100000)).toBe('3.1 MB')
    expect(signed(12.5)).toBe('+12.5')
    expect(signed(-3)).toBe('−3')
    expect(signed(0)).toBe('0')
    expect(lastTwelveMonths(new Date(2026, 10, 22))).toEqual({ from: '2025-11-23', to: '2026-11-22' })
    expect(lastTwelveMonths(new Date(2024, 1, 29))).toEqual({ from: '2023-03-02', to: '2024-02-29' }) // as Go's AddDate(-1, 0, 1) normalises
  })

  it('reads a file as base64 for the backend', async () => {
    const b64 = await readBase64(new Blob(['minutes of the CAB'], { type: 'text/plain' }))
    expect(atob(b64)).toBe('minutes of the CAB')
  })
})
