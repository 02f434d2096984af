import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { NMessageProvider } from 'naive-ui'
import { i18n } from '../i18n'
import AuditPackPage from '../pages/AuditPackPage.vue'
import { paramsOf, sectionFiles, useAuditPack, type AuditPackForm } from '../stores/auditPack'
import { useJobs } from '../stores/jobs'
import { usePrefs } from '../stores/prefs'
import type { AuditPackResult, RecordData } from '../api'
import { installBackend, type FakeCall } from './fakeBackend'

const sections = ['summary', 'stage1', 'clauses', 'findings', 'services', 'sla', 'tickets', 'cmdb', 'suppliers', 'budget', 'risks', 'objectives', 'programme', 'review', 'registers']

function assessment(n: number, over: Partial<RecordData> = {}): RecordData {
  return {
    id: 'a' + n,
    ref: 'ASM-0000' + n,
    kind: 'assessment',
    title: 'Assessment ' + n,
    status: 'in_progress',
    assessment_type: 'gap',
    start: `2026-0${n}-01`,
    created_at: '',
    updated_at: '',
    ...over,
  }
}
const assessments = [
  assessment(1, { title: 'Gap assessment 2026', status: 'done' }),
  assessment(2, { title: 'Supplier audit', assessment_type: 'supplier' }),
  assessment(3, { title: 'Internal audit (planned)', assessment_type: 'internal', status: 'planned' }),
]

const written: AuditPackResult = {
  pdf: '/tmp/pack/audit.pdf',
  pdf_pages: 14,
  pdf_bytes: 245760,
  xlsx: '/tmp/pack/audit.xlsx',
  xlsx_bytes: 51200,
  assessment: 'ASM-00001',
  readiness: 72.45,
  findings: 5,
  sections: ['summary', 'clauses'],
}

const Blank = defineComponent({ render: () => h('div') })

async function mountPage(pinia: Pinia, path = '/audit-pack') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/audit-pack', name: 'audit-pack', component: AuditPackPage },
      { path: '/assessments/:ref', name: 'assessment', component: Blank },
    ],
  })
  await router.push(path)
  const w = mount(defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(AuditPackPage) }) }), {
    global: { plugins: [pinia, i18n, router] },
    attachTo: document.body,
  })
  await flushPromises()
  return w
}

describe('the audit pack parameters', () => {
  const form = (over: Partial<AuditPackForm> = {}): AuditPackForm => ({
    assessment: '',
    from: null,
    to: null,
    language: 'en',
    sections: [...sections],
    pdfOn: true,
    pdf: '/tmp/a.pdf',
    xlsxOn: true,
    xlsx: '/tmp/a.xlsx',
    ...over,
  })

  it('joins the sections checked in print order and sends an unchecked output as ""', () => {
    expect(paramsOf(form({ sections: ['registers', 'summary', 'clauses'], xlsxOn: false, from: '2026-01-01', language: 'de' }), sections)).toEqual({
      assessment: '',
      from: '2026-01-01',
      to: '',
      sections: 'summary,clauses,registers',
      language: 'de',
      pdf: '/tmp/a.pdf',
      xlsx: '',
    })
  })

  it('refuses no output, an output without a file, and no section, beside the field', () => {
    expect(paramsOf(form({ pdfOn: false, xlsxOn: false }), sections)).toMatchObject({ field: 'pdf' })
    expect(paramsOf(form({ pdf: '  ' }), sections)).toMatchObject({ field: 'pdf' })
    expect(paramsOf(form({ xlsx: '' }), sections)).toMatchObject({ field: 'xlsx' })
    expect(paramsOf(form({ sections: [] }), sections)).toMatchObject({ field: 'sections', message: 'Choose at least one section' })
  })

  it('knows which file each section goes into', () => {
    expect(sections.map(sectionFiles).filter((f) => f === 'both')).toHaveLength(4)
    expect(sectionFiles('registers')).toBe('xlsx')
    expect(sectionFiles('budget')).toBe('pdf')
  })
})

describe('the audit pack page', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let pinia: Pinia
  let refuse: { message: string; field?: string } | null
  let openFails = ''
  let jobCount = 0
  afterEach(() => w?.unmount())
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    refuse = null
    openFails = ''
    jobCount = 0
    calls = installBackend([], assessments, {
      AuditPackSections: () => sections,
      StartJob: () => {
        if (refuse) throw JSON.stringify(refuse)
        return 'job-' + ++jobCount
      },
      CancelJob: () => undefined,
      ChooseAuditPackFile: (kind) => `/home/anna/northwind-audit-pack-2026-11-22.${kind}`,
      OpenPath: () => {
        if (openFails) throw JSON.stringify({ message: openFails })
      },
    }).calls
  })

  const started = () => calls.filter((c) => c.method === 'StartJob').map((c) => c.args)
  const section = (name: string) => w!.find(`[data-testid=ap-section][data-section="${name}"]`)

  it('offers every section checked, marks the PDF-only ones, and the latest started assessment by default', async () => {
    w = await mountPage(pinia)
    expect(w.findAll('[data-testid=ap-section]')).toHaveLength(15)
    expect(w.findAll('[data-testid=ap-section].n-checkbox--checked')).toHaveLength(15)
    // grouped by the files they go into, the PDF-only ones marked so
    const groups = w.findAll('[data-testid=ap-section-group]')
    expect(groups.map((g) => g.find('.group-title').text())).toEqual(['In the PDF and the workbook', 'PDF only', 'Workbook only'])
    expect(groups.map((g) => g.findAll('[data-testid=ap-section]').map((s) => s.attributes('data-section')))).toEqual([
      sections.slice(0, 4),
      sections.slice(4, 14),
      ['registers'],
    ])
    expect(section('budget').text()).toBe('Budget and costs')
    expect(section('budget').attributes('data-files')).toBe('pdf')
    expect(section('summary').text()).toBe('Executive summary')
    expect(section('tickets').text()).toBe('Incidents, requests, problems and changes')
    // the supplier audit and the planned one are passed over
    expect(w.find('[data-testid=ap-assessment]').text()).toBe('Latest started: ASM-00001 Gap assessment 2026')
    expect(w.find('[data-testid=ap-from] input').attributes('placeholder')).toBe('12 months before the end')
    expect(w.find('[data-testid=ap-to] input').attributes('placeholder')).toBe('Today')
  })

  it('sends the form to StartJob, follows the progress, shows what was written and opens it', async () => {
    w = await mountPage(pinia)
    await w.find('[data-testid=ap-pdf-path] input').setValue('/tmp/pack/audit.pdf')
    await w.find('[data-testid=ap-xlsx-path] input').setValue('/tmp/pack/audit.xlsx')
    await section('budget').trigger('click')
    await section('cmdb').trigger('click')
    await w.find('[data-testid=ap-language] [data-value=de] input').setValue(true)
    await w.find('[data-testid=ap-files]').trigger('submit')
    await flushPromises()
    expect(started()).toEqual([
      [
        'audit-pack',
        {
          assessment: '',
          from: '',
          to: '',
          sections: 'summary,stage1,clauses,findings,services,sla,tickets,suppliers,risks,objectives,programme,review,registers',
          language: 'de',
          pdf: '/tmp/pack/audit.pdf',
          xlsx: '/tmp/pack/audit.xlsx',
        },
      ],
    ])
    const jobs = useJobs()
    jobs.progress({ id: 'job-1', name: 'audit-pack', done: 1, total: 3, label: 'Writing the PDF' })
    await flushPromises()
    expect(w.find('[data-testid=ap-progress-label]').text()).toBe('Writing the PDF')
    expect(w.find('[data-testid=ap-progress] .n-progress').exists()).toBe(true)
    expect(w.find('[data-testid=ap-create]').attributes('disabled')).toBeDefined()
    expect(w.find('[data-testid=ap-result]').exists()).toBe(false)

    jobs.finished({ id: 'job-1', name: 'audit-pack', result: written })
    await flushPromises()
    expect(w.find('[data-testid=ap-progress]').exists()).toBe(false)
    const card = w.find('[data-testid=ap-result]')
    expect(card.find('[data-testid=ap-result-assessment] .ref').text()).toBe('ASM-00001')
    expect(card.find('[data-testid=ap-result-assessment] .asm-title').text()).toBe('Gap assessment 2026')
    expect(card.find('[data-testid=ap-result-readiness]').text()).toBe('72.5 %')
    expect(card.find('[data-testid=ap-result-findings]').text()).toBe('5')
    expect(card.find('[data-testid=ap-result-pdf-pages]').text()).toBe('14 pages')
    expect(card.find('[data-testid=ap-result-pdf-pages]').attributes('data-pages')).toBe('14')
    expect(card.find('[data-testid=ap-result-pdf-size]').text()).toBe('240.0 KB')
    expect(card.find('[data-testid=ap-result-xlsx-size]').text()).toBe('50.0 KB')
    expect(card.find('[data-testid=ap-result-pdf-path]').text()).toBe('/tmp/pack/audit.pdf')

    await card.find('[data-testid=ap-open-pdf]').trigger('click')
    await card.find('[data-testid=ap-open-xlsx]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'OpenPath').map((c) => c.args)).toEqual([['/tmp/pack/audit.pdf'], ['/tmp/pack/audit.xlsx']])
    expect(w.find('[data-testid=ap-open-error]').exists()).toBe(false)

    openFails = '/tmp/pack/audit.pdf: no such file'
    await card.find('[data-testid=ap-open-pdf]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=ap-open-error]').text()).toBe('/tmp/pack/audit.pdf: no such file')
  })

  it('writes the documents in the interface language until another is picked', async () => {
    usePrefs().language = 'de'
    expect(useAuditPack().form.language).toBe('de')
  })

  it('sends an unchecked output as "" and a chosen assessment by its ref', async () => {
    w = await mountPage(pinia, '/audit-pack?assessment=ASM-00002')
    expect(w.find('[data-testid=ap-assessment]').text()).toBe('ASM-00002 · Supplier audit')
    await w.find('[data-testid=ap-pdf-choose]').trigger('click')
    await flushPromises()
    expect((w.find('[data-testid=ap-pdf-path] input').element as HTMLInputElement).value).toBe('/home/anna/northwind-audit-pack-2026-11-22.pdf')
    await w.find('[data-testid=ap-xlsx-on]').trigger('click')
    expect(w.find('[data-testid=ap-xlsx-path] input').attributes('disabled')).toBeDefined()
    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    expect(started()[0][1]).toMatchObject({ assessment: 'ASM-00002', sections: sections.join(','), pdf: '/home/anna/northwind-audit-pack-2026-11-22.pdf', xlsx: '' })
  })

  it('shows a refused option beside its field and starts nothing', async () => {
    w = await mountPage(pinia)
    // nothing to write: said beside the PDF before asking the backend
    await w.find('[data-testid=ap-pdf-on]').trigger('click')
    await w.find('[data-testid=ap-xlsx-on]').trigger('click')
    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=ap-error-pdf]').text()).toBe('Choose a PDF report, an Excel workbook or both')
    expect(started()).toHaveLength(0)
    await w.find('[data-testid=ap-sections-none]').trigger('click')
    await w.find('[data-testid=ap-pdf-on]').trigger('click')
    await w.find('[data-testid=ap-pdf-path] input').setValue('/nowhere/audit.pdf')
    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=ap-error-sections]').text()).toBe('Choose at least one section')
    expect(w.find('[data-testid=ap-error-pdf]').exists()).toBe(false)
    await w.find('[data-testid=ap-sections-all]').trigger('click')

    refuse = { message: '/nowhere/audit.pdf: the folder /nowhere does not exist', field: 'pdf' }
    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    expect(started()).toHaveLength(1)
    expect(w.find('[data-testid=ap-error-pdf]').text()).toBe('/nowhere/audit.pdf: the folder /nowhere does not exist')
    expect(w.find('[data-testid=ap-pdf-path]').classes()).toContain('n-input--error-status')
    expect(w.find('[data-testid=ap-error-sections]').exists()).toBe(false)
    expect(w.find('[data-testid=ap-progress]').exists()).toBe(false)
    expect(w.find('[data-testid=ap-result]').exists()).toBe(false)

    refuse = { message: '--to "2026-13-01" is not a date (YYYY-MM-DD)', field: 'to' }
    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=ap-error-to]').text()).toBe('--to "2026-13-01" is not a date (YYYY-MM-DD)')
    expect(w.find('[data-testid=ap-error-pdf]').exists()).toBe(false)
  })

  it('shows a failed job as an alert, and a cancelled one as cancelled', async () => {
    w = await mountPage(pinia)
    await w.find('[data-testid=ap-pdf-path] input').setValue('/tmp/pack/audit.pdf')
    await w.find('[data-testid=ap-xlsx-on]').trigger('click')
    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    const jobs = useJobs()
    jobs.finished({ id: 'job-1', name: 'audit-pack', error: 'PDF: disk full' })
    await flushPromises()
    expect(w.find('[data-testid=ap-error]').text()).toBe('PDF: disk full')
    expect(w.find('[data-testid=ap-result]').exists()).toBe(false)

    await w.find('[data-testid=ap-create]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=ap-error]').exists()).toBe(false)
    await w.find('[data-testid=ap-cancel]').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.method === 'CancelJob' && c.args[0] === 'job-2')).toBe(true)
    jobs.finished({ id: 'job-2', name: 'audit-pack', cancelled: true })
    await flushPromises()
    expect(w.find('[data-testid=ap-cancelled]').exists()).toBe(true)
    expect(w.find('[data-testid=ap-progress]').exists()).toBe(false)
  })
})
