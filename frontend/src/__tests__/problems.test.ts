import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ApiError } from '../api'
import { errorOf } from '../formError'
import { i18n } from '../i18n'
import RecordForm from '../components/RecordForm.vue'
import { incidentKind, installBackend } from './fakeBackend'

// A refusal arrives as the Go side's Problem: {message, field, code, detail}. Where it goes is
// read from its field and code, never from its words.
const required = {
  message: 'incident field "title" is required',
  field: 'title',
  code: 'field.required',
  detail: 'is required',
}

describe('a problem of the backend', () => {
  it('keeps its field, code and detail however the transport wraps it', () => {
    for (const reason of [JSON.stringify(required), new Error(JSON.stringify(required)), JSON.stringify(JSON.stringify(required)), required]) {
      const e = ApiError.from(reason)
      expect([e.message, e.field, e.code, e.detail]).toEqual([required.message, 'title', 'field.required', 'is required'])
    }
    const cell = ApiError.from(JSON.stringify({ message: 'sla field "targets" row 2: resolve is required', field: 'targets', code: 'field.invalid',
      detail: 'row 2: resolve is required', row: 2, column: 'resolve' }))
    expect([cell.row, cell.column]).toEqual([2, 'resolve'])
    const plain = ApiError.from('the disk is full')
    expect([plain.message, plain.field, plain.code, plain.detail]).toEqual(['the disk is full', undefined, undefined, undefined])
  })

  it('lands beside the field it names when the form has it, else above the form', () => {
    const note = JSON.stringify({
      message: 'clause 8.7.3.3 cannot be no_instance without saying what was checked instead (its procedure): give it in the notes',
      field: 'notes',
      code: 'assessment.note_required',
    })
    expect(errorOf(note, 'form', ['result', 'notes'])).toEqual({ field: 'notes', message: JSON.parse(note).message })
    expect(errorOf(note, 'form', ['result'])).toMatchObject({ field: 'form' })
  })
})

describe('RecordForm', () => {
  let w: VueWrapper | undefined
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => w?.unmount())

  it('shows a refused field beside it, named by its label', async () => {
    installBackend([incidentKind], [], {
      Create: () => {
        throw JSON.stringify(required)
      },
    })
    w = mount(RecordForm, { props: { kind: incidentKind }, global: { plugins: [i18n] }, attachTo: document.body })
    const form = w.vm as unknown as { submit(): Promise<boolean> }
    expect(await form.submit()).toBe(false)
    await flushPromises()
    const title = w.find('[data-field=title]')
    expect(title.classes()).toContain('has-error')
    expect(title.text()).toContain('Title is required')
    expect(w.find('[data-testid=form-error]').exists()).toBe(false)
  })

  it('shows a coded refusal with no detail beside its field as the backend says it', async () => {
    installBackend([incidentKind], [], {
      Create: () => {
        throw JSON.stringify({ message: 'refers to no service "SVC-9"', field: 'service', code: 'ref.unknown' })
      },
    })
    w = mount(RecordForm, { props: { kind: incidentKind }, global: { plugins: [i18n] }, attachTo: document.body })
    await (w.vm as unknown as { submit(): Promise<boolean> }).submit()
    await flushPromises()
    expect(w.find('[data-field=service]').text()).toContain('refers to no service "SVC-9"')
  })

  it('puts a refusal that names no field of the form above it', async () => {
    installBackend([incidentKind], [], {
      Create: () => {
        throw JSON.stringify({ message: 'the workspace is read-only', code: 'workspace.read_only' })
      },
    })
    w = mount(RecordForm, { props: { kind: incidentKind }, global: { plugins: [i18n] }, attachTo: document.body })
    await (w.vm as unknown as { submit(): Promise<boolean> }).submit()
    await flushPromises()
    expect(w.find('[data-testid=form-error]').text()).toContain('the workspace is read-only')
  })
})
