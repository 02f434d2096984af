import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import { NMessageProvider } from 'naive-ui'
import { i18n } from '../i18n'
import ConflictsPage from '../pages/ConflictsPage.vue'
import SyncPage from '../pages/SyncPage.vue'
import KindNav from '../components/KindNav.vue'
import { useWorkbench } from '../stores/workbench'
import { useJobs } from '../stores/jobs'
import type { Conflict } from '../api'
import { incidentKind, installBackend, type FakeCall } from './fakeBackend'
import { importSummary, siteB, syncStatus, titleConflict } from './syncFixtures'

const Blank = defineComponent({ render: () => h('div') })

function routerFor() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/dashboard', name: 'dashboard', component: Blank },
      { path: '/schedule', name: 'schedule', component: Blank },
      { path: '/list/:kind', name: 'list', component: Blank },
      { path: '/sync', name: 'sync', component: SyncPage },
      { path: '/conflicts', name: 'conflicts', component: ConflictsPage },
    ],
  })
}

/** Mounts a page as the shell does: inside naive-ui's message provider, with the stores. */
async function mountPage(page: Component, pinia: Pinia) {
  const router = routerFor()
  await router.push('/')
  const w = mount(defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(page) }) }), {
    global: { plugins: [pinia, i18n, router] },
    attachTo: document.body,
  })
  await flushPromises()
  return w
}

describe('conflicts page', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let open: Conflict[]
  let pinia: Pinia
  let refuse = ''
  afterEach(() => w?.unmount())
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    open = [titleConflict()]
    refuse = ''
    calls = installBackend([incidentKind], [], {
      Conflicts: () => open,
      ResolveConflict: (id) => {
        if (refuse) throw JSON.stringify({ message: refuse, field: 'title' })
        open = open.filter((c) => c.id !== id)
        return { records_touched: 1, conflicts_opened: [], conflicts_closed: [id] }
      },
    }).calls
    useWorkbench().schema = { groups: [incidentKind.group], kinds: [incidentKind] }
  })

  it('shows each conflict with its record, field and the competing values side by side', async () => {
    w = await mountPage(ConflictsPage, pinia)
    const card = w.find('[data-testid=conflict]')
    expect(card.attributes('data-ref')).toBe('INC-00001')
    expect(card.find('[data-testid=conflict-record]').text()).toBe('INC-00001')
    expect(card.text()).toContain('Title from B')
    expect(card.find('[data-testid=conflict-field]').text()).toBe('Title')
    const options = card.findAll('[data-testid=conflict-option]')
    expect(options.map((o) => o.find('[data-testid=option-value]').text())).toEqual(['Title from A', 'Title from B'])
    expect(options[0].text()).toContain('anna@laptop (this copy)')
    expect(options[0].text()).toContain('by anna')
    expect(options[1].text()).toContain('ben@desktop')
    expect(options[1].text()).toContain('by ben')
    // the value shown meanwhile is marked
    expect(options[1].classes()).toContain('shown')
    expect(options[0].classes()).not.toContain('shown')
    expect(card.find('[data-testid=conflict-shown]').text()).toContain('Title from B')
    expect(w.find('[data-testid=conflicts-count]').text()).toBe('1 open')
  })

  it('names values of declared choices by their labels', async () => {
    const c = titleConflict()
    open = [
      {
        ...c,
        id: 'C-2',
        field: 'priority',
        label: 'Priority',
        shown: 2,
        options: [
          { ...c.options[0], value: 1, text: '1' },
          { ...c.options[1], value: 2, text: '2' },
        ],
      },
    ]
    w = await mountPage(ConflictsPage, pinia)
    expect(w.findAll('[data-testid=option-value]').map((o) => o.text())).toEqual(['Critical', 'High'])
    expect(w.find('[data-testid=conflict-shown]').text()).toContain('High')
    // not a text field: another value is given as JSON
    await w.find('[data-testid=other-toggle]').trigger('click')
    expect((w.find('[data-testid=other-input] textarea').element as HTMLTextAreaElement).value).toBe('2')
  })

  it('keeps the value chosen, then lists what is still open', async () => {
    w = await mountPage(ConflictsPage, pinia)
    await w.findAll('[data-testid=conflict-option]')[0].find('[data-testid=keep]').trigger('click')
    await flushPromises()
    const resolve = calls.find((c) => c.method === 'ResolveConflict')
    expect(resolve?.args).toEqual(['C-5504891149', '', titleConflict().options[0].op])
    expect(w.findAll('[data-testid=conflict]')).toHaveLength(0)
    expect(w.find('[data-testid=conflicts-none]').exists()).toBe(true)
  })

  it('takes another value for a text field as plain text, and shows a refusal beside it', async () => {
    w = await mountPage(ConflictsPage, pinia)
    await w.find('[data-testid=other-toggle]').trigger('click')
    const input = w.find('[data-testid=other-input] input')
    expect((input.element as HTMLInputElement).value).toBe('Title from B')
    refuse = 'title: is required'
    await input.setValue('')
    await w.find('[data-testid=other-apply]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=conflict-error]').text()).toBe('title: is required')
    expect(w.findAll('[data-testid=conflict]')).toHaveLength(1)
    refuse = ''
    await input.setValue('Mail "down" for all')
    await w.find('[data-testid=other-apply]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'ResolveConflict').at(-1)?.args).toEqual([
      'C-5504891149',
      JSON.stringify('Mail "down" for all'),
      '',
    ])
    expect(w.findAll('[data-testid=conflict]')).toHaveLength(0)
  })

  it('opens the record, and its history, in the panel', async () => {
    w = await mountPage(ConflictsPage, pinia)
    const wb = useWorkbench()
    await w.find('[data-testid=conflict-record]').trigger('click')
    expect(wb.panel).toEqual({ kind: 'incident', key: 'id0', mode: 'view' })
    await w.find('[data-testid=conflict-history]').trigger('click')
    expect(wb.panel).toEqual({ kind: 'incident', key: 'id0', mode: 'view', tab: 'history' })
  })
})

describe('sync page', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let pinia: Pinia
  afterEach(() => w?.unmount())
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    calls = installBackend([incidentKind], [], {
      SyncStatus: () => syncStatus(),
      Conflicts: () => [titleConflict()],
      ExportBundle: (path) => ({ path, ops: 18196, records: 4529, blobs: 0, for: '', encrypted: true }),
      ImportBundle: () => 'job-3',
      InspectBundle: () => {
        throw JSON.stringify({ message: 'cannot decrypt b.smsb: wrong passphrase', field: 'passphrase' })
      },
    }).calls
  })

  it('shows this copy, its fingerprint and its peers with what each acknowledged', async () => {
    w = await mountPage(SyncPage, pinia)
    expect(w.find('[data-testid=sync-fingerprint]').text()).toBe('4fa5 5190 bbfa 5d73 d215 7645 6909 aa6e')
    const peer = w.find(`[data-testid=peer][data-site="${siteB}"]`)
    expect(peer.text()).toContain('ben@desktop')
    expect(peer.text()).toContain('2b88 e51d a024 839f 5af7 c1c4 9168 ca13')
    expect(peer.find('[data-testid=peer-ack]').text()).toContain('10 of 12 ops written here')
    expect(w.find('[data-testid=sync-conflict-count]').text()).toBe('1')
  })

  it('asks for the passphrase twice and says beside the confirmation when they differ', async () => {
    w = await mountPage(SyncPage, pinia)
    await w.find('[data-testid=export-passphrase] input').setValue('correct horse')
    await w.find('[data-testid=export-confirm] input').setValue('correct hose')
    await w.find('[data-testid=export-path] input').setValue('/tmp/out.smsb')
    await w.find('[data-testid=sync-export]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=export-error-confirm]').text()).toBe('The two passphrases differ')
    expect(calls.some((c) => c.method === 'ExportBundle')).toBe(false)
    await w.find('[data-testid=export-confirm] input').setValue('correct horse')
    await w.find('[data-testid=sync-export]').trigger('submit')
    await flushPromises()
    expect(calls.find((c) => c.method === 'ExportBundle')?.args).toEqual(['/tmp/out.smsb', 'correct horse', ''])
    expect(w.find('[data-testid=export-result]').text()).toBe('Wrote out.smsb: 18,196 ops of 4,529 records, encrypted.')
    expect(w.find('[data-testid=export-error-confirm]').exists()).toBe(false)
  })

  it('imports with progress in the jobs bar and sums up what came, with links to the conflicts opened', async () => {
    w = await mountPage(SyncPage, pinia)
    const jobs = useJobs()
    await w.find('[data-testid=import-path] input').setValue('/tmp/b.smsb')
    await w.find('[data-testid=import-passphrase] input').setValue('pw')
    await w.find('[data-testid=sync-import]').trigger('submit')
    await flushPromises()
    expect(jobs.running).toHaveLength(1)
    jobs.finished({ id: 'job-3', name: 'import-bundle', result: importSummary() })
    await flushPromises()
    const res = w.find('[data-testid=import-result]')
    expect(res.attributes('data-nothing')).toBe('no')
    expect(res.find('[data-testid=import-ops-new]').text()).toContain('2 new ops')
    expect(res.find('[data-testid=import-records]').text()).toBe('1 record touched')
    const link = res.find('[data-testid=import-opened] a')
    expect(link.text()).toBe('C-5504891149')
    expect(link.attributes('href')).toContain('/conflicts?id=C-5504891149')
  })

  it('says plainly when a bundle brought nothing new', async () => {
    w = await mountPage(SyncPage, pinia)
    await w.find('[data-testid=import-path] input').setValue('/tmp/b.smsb')
    await w.find('[data-testid=sync-import]').trigger('submit')
    await flushPromises()
    useJobs().finished({
      id: 'job-3',
      name: 'import-bundle',
      result: importSummary({ nothing: true, ops_new: 0, records: 0, conflicts_opened: [] }),
    })
    await flushPromises()
    const res = w.find('[data-testid=import-result]')
    expect(res.attributes('data-nothing')).toBe('yes')
    expect(res.text()).toBe('Nothing new: this copy already holds all 18,184 ops of this bundle from ben@desktop.')
  })

  it('shows a wrong passphrase beside the passphrase, from a check or a failed import', async () => {
    w = await mountPage(SyncPage, pinia)
    await w.find('[data-testid=import-path] input').setValue('/tmp/b.smsb')
    await w.find('[data-testid=import-passphrase] input').setValue('nope')
    await w.find('[data-testid=import-check]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=import-error-passphrase]').text()).toBe('cannot decrypt b.smsb: wrong passphrase')
    expect(w.find('[data-testid=import-error-path]').exists()).toBe(false)
    await w.find('[data-testid=sync-import]').trigger('submit')
    await flushPromises()
    useJobs().finished({ id: 'job-3', name: 'import-bundle', error: 'cannot decrypt b.smsb: wrong passphrase', field: 'passphrase' })
    await flushPromises()
    expect(w.find('[data-testid=import-error-passphrase]').text()).toBe('cannot decrypt b.smsb: wrong passphrase')
    expect(w.find('[data-testid=import-result]').exists()).toBe(false)
  })
})

describe('navigation', () => {
  it('shows the open conflicts on the Conflicts entry, marked while there are some', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    installBackend([incidentKind], [])
    const wb = useWorkbench()
    wb.schema = { groups: [incidentKind.group], kinds: [incidentKind] }
    wb.workspace = { name: 'T', path: '/t', site: { site_id: 's', name: 'x' }, read_only: false, counts: { incident: 3 }, conflicts: 2 }
    const w = await mountPage(KindNav, pinia)
    const badge = w.find('[data-testid=count-conflicts]')
    expect(badge.text()).toBe('2')
    expect(badge.classes()).toContain('alert')
    expect(w.find('[data-page="page:sync"]').text()).toBe('Sync')
    wb.workspace = { ...wb.workspace, conflicts: 0 }
    await flushPromises()
    expect(w.find('[data-testid=count-conflicts]').text()).toBe('0')
    expect(w.find('[data-testid=count-conflicts]').classes()).not.toContain('alert')
    w.unmount()
  })
})
