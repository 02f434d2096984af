import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { NDropdown, NMessageProvider, NSelect } from 'naive-ui'
import { i18n } from '../i18n'
import ImportPage from '../pages/ImportPage.vue'
import ExportMenu from '../components/ExportMenu.vue'
import { choose, columnLetter, columnName, mapsOf, paramsOf, type ImportForm } from '../stores/importer'
import { useJobs } from '../stores/jobs'
import { useWorkbench } from '../stores/workbench'
import type { ImportColumn, ImportPlan, ImportResult } from '../api'
import { incidentKind, installBackend, type FakeCall } from './fakeBackend'

const col = (index: number, header: string, field = '', how = ''): ImportColumn => ({ index, header, field, how })

describe('the mapping sent to the backend', () => {
  it('names columns by their letters as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA'])
  })

  it('names a column by its header, or its letter when the header is blank or not unique', () => {
    const cols = [col(0, 'Ticket'), col(1, ''), col(2, 'Notes'), col(3, 'notes ')]
    expect(cols.map((c) => columnName(c, cols))).toEqual(['Ticket', 'B', 'C', 'D'])
  })

  it('gives a field to one column: an earlier choice of it for another is dropped', () => {
    const cols = [col(0, 'Summary', 'title', 'label'), col(1, 'Subject'), col(2, 'Status', 'status', 'name')]
    let chosen = choose({}, cols[1], cols, 'title')
    expect(mapsOf(chosen)).toEqual(['Subject=title'])
    chosen = choose(chosen, cols[2], cols, '')
    chosen = choose(chosen, cols[0], cols, 'title')
    expect(mapsOf(chosen)).toEqual(['Status=', 'Summary=title'])
    // leaving a column out keeps the others' choices
    expect(mapsOf(choose(chosen, cols[1], cols, ''))).toEqual(['Status=', 'Summary=title', 'Subject='])
  })

  it('gives the job the file as planned: its sheet, its whole mapping, the name to save it under', () => {
    const form: ImportForm = { kind: 'incident', path: ' /tmp/t.xlsx ', sheet: '', profile: 'Old', key: 'title', skipInvalid: true, saveAs: ' Client ' }
    const plan = { source: { path: '/tmp/t.xlsx', format: 'xlsx', sheet: 'Export', header_row: 1 }, columns: [col(0, 'Number', 'ref', 'synonym'), col(1, 'Age')] } as ImportPlan
    expect(paramsOf(form, plan, true)).toEqual({
      kind: 'incident',
      path: '/tmp/t.xlsx',
      sheet: 'Export',
      maps: ['Number=ref', 'Age='],
      profile: 'Client',
      key: 'title',
      dry_run: true,
      skip_invalid: true,
      sets: [],
      value_maps: [],
    })
  })
})

const planned: ImportPlan = {
  source: { path: '/data/incidents.csv', format: 'csv', encoding: 'UTF-8', delimiter: ';', header_row: 1, sheets: [] },
  columns: [col(0, 'Ticket', 'ref', 'synonym'), col(1, 'Summary', 'title', 'label'), col(2, 'Status', 'status', 'name'), col(3, 'Created', 'opened_at', 'synonym')],
  date_orders: { Created: 'd/m/y' },
  notes: ['column "Created": no date tells day-first from month-first; read as d/m/y'],
  rows: 8,
  invalid: 1,
  errors: [{ row: 4, column: 'Created', value: 'yesterday', reason: '"yesterday" is not a date' }],
  samples: ['T-1', 'Mail down', 'closed', '01/10/2026'],
}

const checked: ImportResult = {
  kind: 'incident',
  rows: 8,
  created: 3,
  updated: 1,
  invalid: 4,
  errors: [{ row: 6, column: 'Service', value: 'Web shop', reason: 'no service has the ref or title "Web shop"' }],
  dry_run: true,
  written: false,
  columns: planned.columns,
}

const Blank = defineComponent({ render: () => h('div') })

async function mountPage(pinia: Pinia, path = '/import?kind=incident') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/import', name: 'import', component: ImportPage },
      { path: '/list/:kind', name: 'list', component: Blank },
    ],
  })
  await useWorkbench().load()
  await router.push(path)
  const w = mount(defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(ImportPage) }) }), {
    global: { plugins: [pinia, i18n, router] },
    attachTo: document.body,
  })
  await flushPromises()
  return { w, router }
}

describe('the import wizard', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let pinia: Pinia
  let refusePlan: { message: string; field?: string } | null
  let refuseStart: { message: string; field?: string } | null
  let jobCount = 0
  afterEach(() => w?.unmount())
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    refusePlan = null
    refuseStart = null
    jobCount = 0
    calls = installBackend([incidentKind], [], {
      ImportFields: () => [
        { name: 'ref', label: 'Ref', required: false },
        { name: 'status', label: 'Status', required: false },
        { name: 'title', label: 'Title', required: true },
        { name: 'opened_at', label: 'Opened', required: false },
      ],
      ImportProfiles: () => [{ name: 'Client tickets', kind: 'incident', maps: ['Ticket=ref'], key: 'title' }],
      ChooseImportFile: () => '/data/incidents.csv',
      PlanImportWith: (_k, _p, _s, _pr, maps, sets, values) => {
        if (refusePlan) throw JSON.stringify(refusePlan)
        const left = (maps as string[]).filter((m) => m.endsWith('=')).map((m) => m.slice(0, -1))
        const constants = (sets as string[]).map((x) => ({ field: x.split('=')[0], text: x.split('=')[1] }))
        const valueMaps = (values as string[]).map((x) => ({ column: x.split(':')[0], from: x.split(':')[1].split('=')[0], to: x.split('=')[1] }))
        const status = valueMaps.find((m) => m.from === 'parked')?.to ?? ''
        return {
          ...planned,
          columns: planned.columns.map((c) => (left.includes(c.header) ? { ...c, field: '', how: 'given' } : c)),
          constants,
          value_maps: valueMaps,
          mapped: [{ column: 'Status', from: 'parked', to: status, rows: 1 }, { column: 'Status', from: 'On Hold', to: 'pending', rows: 2 }],
        }
      },
      StartJob: () => {
        if (refuseStart) throw JSON.stringify(refuseStart)
        return 'job-' + ++jobCount
      },
      CancelJob: () => undefined,
      OpenPath: () => undefined,
    }).calls
  })

  /** The page on the incidents, the file read: its mapping shown. */
  async function readFile(): Promise<VueWrapper> {
    const { w } = await mountPage(pinia)
    await w.find('[data-testid=import-path] input').setValue('/data/incidents.csv')
    await w.find('[data-testid=import-read]').trigger('click')
    await flushPromises()
    return w
  }
  const called = (method: string) => calls.filter((c) => c.method === method).map((c) => c.args)
  const text = (id: string) => w!.find(`[data-testid=${id}]`).text()

  it('reads the chosen file into the register of the link and shows its mapping and its unreadable cells', async () => {
    ;({ w } = await mountPage(pinia))
    expect(w.find('[data-testid=import-kind]').text()).toBe('Incidents')
    // no file: said beside the file, nothing asked
    await w.find('[data-testid=import-file]').trigger('submit')
    await flushPromises()
    expect(text('import-error-path')).toBe('Give the file to import, or choose it')
    expect(called('PlanImportWith')).toHaveLength(0)

    await w.find('[data-testid=import-choose]').trigger('click')
    await flushPromises()
    expect((w.find('[data-testid=import-path] input').element as HTMLInputElement).value).toBe('/data/incidents.csv')
    expect(w.find('[data-testid=import-error-path]').exists()).toBe(false)
    await w.find('[data-testid=import-read]').trigger('click')
    await flushPromises()
    expect(called('PlanImportWith')).toEqual([['incident', '/data/incidents.csv', '', '', [], [], []]])

    expect(text('import-source')).toBe('CSV · UTF-8 · delimiter “;” · header on row 1 · 8 rows')
    const rows = w.findAll('[data-testid=import-column]')
    expect(rows.map((r) => r.attributes('data-field'))).toEqual(['ref', 'title', 'status', 'opened_at'])
    expect(rows[0].find('.letter').text()).toBe('A')
    expect(rows[1].find('.sample').text()).toBe('Mail down')
    expect(rows[1].find('[data-testid=import-how]').text()).toBe('by label')
    expect(rows[3].text()).toContain('dates read d/m/y')
    expect(text('import-notes')).toContain('no date tells day-first from month-first')
    expect(text('import-unreadable-count')).toBe('1 row has a cell that cannot be read')
    const err = w.find('[data-testid=import-error][data-row="4"]')
    expect(err.findAll('td').map((td) => td.text())).toEqual(['4', 'Created', 'yesterday', '"yesterday" is not a date'])
  })

  it('reads the file again when a column changes, and undoes a change the backend refuses', async () => {
    w = await readFile()
    const select = (i: number) => w!.findAll('[data-testid=import-column]')[i].findComponent(NSelect)
    select(2).vm.$emit('update:value', '')
    await flushPromises()
    expect(called('PlanImportWith')[1][4]).toEqual(['Status='])
    expect(w.findAll('[data-testid=import-column]')[2].attributes('data-field')).toBe('')
    expect(w.findAll('[data-testid=import-column]')[2].find('[data-testid=import-how]').text()).toBe('chosen')

    refusePlan = { message: 'no column of the file maps to a field of Incidents', field: 'maps' }
    select(1).vm.$emit('update:value', '')
    await flushPromises()
    expect(called('PlanImportWith')[2][4]).toEqual(['Status=', 'Summary='])
    expect(text('import-error-maps')).toBe('no column of the file maps to a field of Incidents')
    expect(w.findAll('[data-testid=import-column]')[1].attributes('data-field')).toBe('title')
    // the next change starts from the choices that were accepted
    refusePlan = null
    select(3).vm.$emit('update:value', '')
    await flushPromises()
    expect(called('PlanImportWith')[3][4]).toEqual(['Status=', 'Created='])
    expect(w.find('[data-testid=import-error-maps]').exists()).toBe(false)
  })

  it('takes values for every row and what a text stands for, reads the file again, and sends them to the job', async () => {
    w = await readFile()
    // the texts read and what they became; one not understood stands out
    const values = w.findAll('[data-testid=import-value]')
    expect(values.map((v) => [v.attributes('data-from'), v.attributes('data-to')])).toEqual([
      ['parked', ''],
      ['On Hold', 'pending'],
    ])
    // a value for every row
    w.find('[data-testid=import-constant-field]').findComponent(NSelect).vm.$emit('update:value', 'title')
    await w.find('[data-testid=import-constant-value] input').setValue('Imported ticket')
    await w.find('[data-testid=import-constant-add]').trigger('click')
    await flushPromises()
    expect(called('PlanImportWith').at(-1)?.[5]).toEqual(['title=Imported ticket'])
    expect(w.find('[data-testid=import-constant][data-field=title]').text()).toContain('Imported ticket')
    // refused: said beside it, and not kept
    refusePlan = { message: 'the value for every row colour: Incidents has no field "colour"', field: 'sets' }
    w.find('[data-testid=import-constant-field]').findComponent(NSelect).vm.$emit('update:value', 'opened_at')
    await w.find('[data-testid=import-constant-value] input').setValue('soon')
    await w.find('[data-testid=import-constant-add]').trigger('click')
    await flushPromises()
    expect(text('import-error-sets')).toContain('has no field')
    refusePlan = null
    // what "parked" stands for
    const parked = w.find('[data-testid=import-value][data-from=parked] [data-testid=import-value-to] input')
    await parked.setValue('pending')
    await parked.trigger('blur')
    await flushPromises()
    const last = called('PlanImportWith').at(-1)!
    expect(last[5]).toEqual(['title=Imported ticket'])
    expect(last[6]).toEqual(['Status:parked=pending'])
    expect(w.find('[data-testid=import-value][data-from=parked]').attributes('data-to')).toBe('pending')
    // the job is given them
    await w.find('[data-testid=import-check]').trigger('click')
    await flushPromises()
    const params = called('StartJob').at(-1)?.[1] as Record<string, unknown>
    expect(params.sets).toEqual(['title=Imported ticket'])
    expect(params.value_maps).toEqual(['Status:parked=pending'])
  })

  it('checks with a dry run, imports with progress, and shows what it did with the rejected rows', async () => {
    w = await readFile()
    await w.find('[data-testid=import-check]').trigger('click')
    await flushPromises()
    const jobs = useJobs()
    expect(called('StartJob')).toEqual([
      [
        'import',
        {
          kind: 'incident',
          path: '/data/incidents.csv',
          sheet: '',
          maps: ['Ticket=ref', 'Summary=title', 'Status=status', 'Created=opened_at'],
          profile: '',
          key: '',
          dry_run: true,
          skip_invalid: false,
          sets: [],
          value_maps: [],
        },
      ],
    ])
    jobs.progress({ id: 'job-1', name: 'import', done: 500, total: 1000, label: 'Checking rows: 500 of 1000' })
    await flushPromises()
    expect(text('import-progress-label')).toBe('Checking rows: 500 of 1000')
    jobs.finished({ id: 'job-1', name: 'import', result: checked })
    await flushPromises()
    expect(w.find('[data-testid=import-progress]').exists()).toBe(false)
    expect(['rows', 'created', 'updated', 'invalid'].map((s) => text('import-preview-' + s))).toEqual(['8', '3', '1', '4'])
    expect(w.find('[data-testid=import-error][data-row="6"]').text()).toContain('Web shop')
    expect(text('import-verdict')).toBe('No row is imported while one cannot be: fix the file and read it again, or skip those rows.')
    expect(text('import-run')).toBe('Import 4 rows')

    await w.find('[data-testid=import-skip]').trigger('click')
    expect(text('import-verdict')).toBe('The rows that cannot be imported are skipped and written with their reasons to incidents.rejected.xlsx.')
    await w.find('[data-testid=import-save-as] input').setValue('Client tickets')
    await w.find('[data-testid=import-options]').trigger('submit')
    await flushPromises()
    expect(called('StartJob')[1][1]).toMatchObject({ dry_run: false, skip_invalid: true, profile: 'Client tickets' })
    jobs.progress({ id: 'job-2', name: 'import', done: 1, total: 8, label: 'Importing rows: 1 of 8' })
    await flushPromises()
    expect(text('import-progress-label')).toBe('Importing rows: 1 of 8')
    expect(w.find('[data-testid=import-run]').attributes('disabled')).toBeDefined()
    jobs.finished({
      id: 'job-2',
      name: 'import',
      result: { ...checked, dry_run: false, written: true, rejected: '/data/incidents.rejected.xlsx', profile: 'Client tickets' },
    })
    await flushPromises()
    expect(['created', 'updated', 'invalid'].map((s) => text('import-result-' + s))).toEqual(['3', '1', '4'])
    expect(text('import-rejected-path')).toBe('/data/incidents.rejected.xlsx')
    expect(text('import-profile-saved')).toBe('Mapping saved as “Client tickets”')
    await w.find('[data-testid=import-open-rejected]').trigger('click')
    await flushPromises()
    expect(called('OpenPath')).toEqual([['/data/incidents.rejected.xlsx']])
    expect(text('import-show-list')).toBe('Show the incidents')
  })

  it('places a failed job beside the field it names, says nothing was imported, and takes a cancel back to the preview', async () => {
    w = await readFile()
    await w.find('[data-testid=import-check]').trigger('click')
    await flushPromises()
    const jobs = useJobs()
    jobs.finished({ id: 'job-1', name: 'import', result: checked })
    await flushPromises()

    await w.find('[data-testid=import-run]').trigger('click')
    await flushPromises()
    jobs.finished({ id: 'job-2', name: 'import', error: 'import profile "Client" is for risks, not incident', field: 'profile' })
    await flushPromises()
    expect(text('import-error-save-as')).toBe('import profile "Client" is for risks, not incident')
    expect(w.find('[data-testid=import-preview]').exists()).toBe(true)

    // refused before it starts: beside the same field
    refuseStart = { message: 'import profile "Client" is for risks, not incident', field: 'profile' }
    await w.find('[data-testid=import-run]').trigger('click')
    await flushPromises()
    expect(text('import-error-save-as')).toBe('import profile "Client" is for risks, not incident')
    refuseStart = null

    await w.find('[data-testid=import-run]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=import-error-save-as]').exists()).toBe(false)
    await w.find('[data-testid=import-cancel]').trigger('click')
    await flushPromises()
    expect(called('CancelJob')).toEqual([['job-3']])
    jobs.finished({ id: 'job-3', name: 'import', cancelled: true })
    await flushPromises()
    expect(w.find('[data-testid=import-cancelled]').exists()).toBe(true)
    expect(w.find('[data-testid=import-options]').exists()).toBe(true)

    // all or nothing with invalid rows: the result says nothing was imported, and why
    await w.find('[data-testid=import-run]').trigger('click')
    await flushPromises()
    jobs.finished({ id: 'job-4', name: 'import', result: { ...checked, dry_run: false } })
    await flushPromises()
    expect(text('import-refused')).toBe('4 of 8 rows cannot be imported. Fix them, or go back and skip them.')
    expect(w.find('[data-testid=import-result] [data-testid=import-error][data-row="6"]').exists()).toBe(true)
    expect(w.find('[data-testid=import-rejected]').exists()).toBe(false)
  })

  it('applies a saved mapping: its name is where the mapping is saved again and its key is chosen', async () => {
    ;({ w } = await mountPage(pinia))
    w.find('[data-testid=import-profile]').findComponent(NSelect).vm.$emit('update:value', 'Client tickets')
    await w.find('[data-testid=import-path] input').setValue('/data/incidents.csv')
    await w.find('[data-testid=import-read]').trigger('click')
    await flushPromises()
    expect(called('PlanImportWith')[0]).toEqual(['incident', '/data/incidents.csv', '', 'Client tickets', [], [], []])
    await w.find('[data-testid=import-check]').trigger('click')
    await flushPromises()
    expect(called('StartJob')[0][1]).toMatchObject({ profile: 'Client tickets', key: 'title' })
  })
})

describe('the export of a list', () => {
  let w: VueWrapper | undefined
  afterEach(() => w?.unmount())

  async function mountMenu(chosen: string, refuse = '') {
    setActivePinia(createPinia())
    const { calls } = installBackend([incidentKind], [], {
      ChooseExportFile: (_kind, format) => (chosen ? `${chosen}.${format === 'csv' ? 'csv' : 'xlsx'}` : ''),
      ExportList: (_k, _w, _s, path) => {
        if (refuse) throw JSON.stringify({ message: refuse, field: 'path' })
        return { path, format: 'xlsx', rows: 42, bytes: 9000 }
      },
      ExportTemplate: (_k, path) => ({ path, format: 'xlsx', rows: 0, bytes: 7000 }),
      OpenPath: () => undefined,
    })
    const where = [{ field: 'priority', op: '=', value: 1 }]
    w = mount(defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(ExportMenu, { kind: 'incident', where, search: 'mail' }) }) }), {
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    const select = async (key: string) => {
      w!.findComponent(NDropdown).vm.$emit('select', key)
      await flushPromises()
    }
    return { calls, select }
  }
  const message = () => document.querySelector('[data-testid=export-done]')

  it('writes what the list shows to the file chosen, then offers to open it', async () => {
    const { calls, select } = await mountMenu('/home/anna/incidents-2026-11-22')
    await select('xlsx')
    expect(calls.filter((c) => c.method !== 'ChooseExportFile').map((c) => [c.method, ...c.args])).toEqual([
      ['ExportList', 'incident', [{ field: 'priority', op: '=', value: 1 }], 'mail', '/home/anna/incidents-2026-11-22.xlsx'],
    ])
    expect(message()?.textContent).toContain('42 records exported to /home/anna/incidents-2026-11-22.xlsx')
    ;(message()?.querySelector('[data-testid=export-open]') as HTMLElement).click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'OpenPath').map((c) => c.args)).toEqual([['/home/anna/incidents-2026-11-22.xlsx']])

    await select('template')
    expect(calls.filter((c) => c.method === 'ExportTemplate').map((c) => c.args)).toEqual([['incident', '/home/anna/incidents-2026-11-22.xlsx']])
  })

  it('writes nothing when the dialog is cancelled, and says why an export failed', async () => {
    let m = await mountMenu('')
    await m.select('csv')
    expect(m.calls.map((c) => c.method)).toEqual(['ChooseExportFile'])
    w!.unmount()
    m = await mountMenu('/nowhere/x', 'cannot write /nowhere/x.csv: the folder /nowhere does not exist')
    await m.select('csv')
    expect(document.body.textContent).toContain('cannot write /nowhere/x.csv: the folder /nowhere does not exist')
  })
})
