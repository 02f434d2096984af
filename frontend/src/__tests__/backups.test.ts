import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { i18n } from '../i18n'
import SettingsPage from '../pages/SettingsPage.vue'
import BackupsPage from '../pages/BackupsPage.vue'
import SyncPage from '../pages/SyncPage.vue'
import AboutDialog from '../components/AboutDialog.vue'
import AppHeader from '../components/AppHeader.vue'
import Shell from '../components/Shell.vue'
import { usePrefs } from '../stores/prefs'
import { useSettings } from '../stores/settings'
import { useWorkbench } from '../stores/workbench'
import { incidentKind, installBackend, backupsBackend, type FakeCall } from './fakeBackend'
import { syncStatus } from './syncFixtures'

const Blank = defineComponent({ render: () => h('div') })

function routerFor() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/dashboard', name: 'dashboard', component: Blank },
      { path: '/workspaces', name: 'workspaces', component: Blank },
      { path: '/conflicts', name: 'conflicts', component: Blank },
      { path: '/settings', name: 'settings', component: SettingsPage },
      { path: '/backups', name: 'backups', component: BackupsPage },
    ],
  })
}

/** Mounts a component as the shell does: inside naive-ui's message and dialog providers. */
async function mountIn(comp: Component, pinia: Pinia, props: Record<string, unknown> = {}) {
  const router = routerFor()
  await router.push('/')
  const w = mount(
    defineComponent({
      render: () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(comp, props) }) }),
    }),
    { global: { plugins: [pinia, i18n, router] }, attachTo: document.body },
  )
  await flushPromises()
  return { w, router }
}

/** A moment in this computer's local time, as the pages show a backup's: 2026-11-22 10:15:00. */
function local(iso: string): string {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

const input = (w: VueWrapper, testid: string) => w.find(`[data-testid=${testid}] input`)

describe('settings page', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let pinia: Pinia
  let fake: ReturnType<typeof backupsBackend>
  afterEach(() => w?.unmount())
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    fake = backupsBackend()
    calls = installBackend([incidentKind], [], fake.handlers).calls
  })

  it('shows the settings, the platform data folder as the placeholder, and sends all five on Save', async () => {
    ;({ w } = await mountIn(SettingsPage, pinia))
    const folder = input(w, 'settings-data-folder')
    expect((folder.element as HTMLInputElement).value).toBe('')
    expect(folder.attributes('placeholder')).toBe('The platform’s data folder: /home/anna/.local/share/smsworkbench')
    expect(w.find('[data-testid=settings-folder-now]').exists()).toBe(false)
    expect((input(w, 'settings-backups-kept').element as HTMLInputElement).value).toBe('20')
    expect(w.text()).toContain('Files already in the old folder are not moved')

    await w.find('[data-testid=settings-choose-folder]').trigger('click')
    await flushPromises()
    expect((folder.element as HTMLInputElement).value).toBe('/media/usb/smswb')
    // typed, not saved yet: the page says which folder is in use meanwhile
    expect(w.find('[data-testid=settings-folder-now]').text()).toBe('In use now: /home/anna/.local/share/smsworkbench')
    await input(w, 'settings-backups-kept').setValue('5')
    await w.find('[data-testid=settings-theme] [data-value=dark] input').trigger('change')
    await w.find('[data-testid=settings-passphrase] [data-value=session] input').trigger('change')
    expect(w.find('[data-testid=settings-saved]').exists()).toBe(false)
    await w.find('[data-testid=settings-form]').trigger('submit')
    await flushPromises()

    expect(calls.filter((c) => c.method === 'SaveSettings').map((c) => c.args)).toEqual([
      [{ data_folder: '/media/usb/smswb', backups_kept: 5, theme: 'dark', language: 'en', passphrase: 'session' }],
    ])
    expect(w.find('[data-testid=settings-saved]').text()).toContain('Settings saved')
    expect(w.find('[data-testid=settings-folder-now]').exists()).toBe(false)
    // saving the theme is the theme of the window, as the header's toggle would make it
    expect(usePrefs().theme).toBe('dark')
    expect(usePrefs().dark).toBe(true)
    expect(useSettings().remembers).toBe(true)
    // an edit after the save: the confirmation no longer speaks for the form
    await input(w, 'settings-backups-kept').setValue('6')
    expect(w.find('[data-testid=settings-saved]').exists()).toBe(false)
  })

  it('shows a refusal beside its field, stores nothing, and clears it when saved right', async () => {
    ;({ w } = await mountIn(SettingsPage, pinia))
    await input(w, 'settings-backups-kept').setValue('0')
    await w.find('[data-testid=settings-form]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=settings-error-backups_kept]').text()).toBe('backups kept must be 1 to 1000, not 0')
    expect(w.find('[data-testid=settings-backups-kept] .n-input--error-status').exists()).toBe(true)
    expect(w.find('[data-testid=settings-error-data_folder]').exists()).toBe(false)
    expect(w.find('[data-testid=settings-saved]').exists()).toBe(false)
    expect(fake.state.settings.backups_kept).toBe(20)

    await input(w, 'settings-data-folder').setValue('relative/dir')
    await input(w, 'settings-backups-kept').setValue('3')
    await w.find('[data-testid=settings-form]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=settings-error-backups_kept]').exists()).toBe(false)
    expect(w.find('[data-testid=settings-error-data_folder]').text()).toBe('the data folder must be a full path, not "relative/dir"')

    await input(w, 'settings-data-folder').setValue('')
    await w.find('[data-testid=settings-form]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=settings-error-data_folder]').exists()).toBe(false)
    expect(w.find('[data-testid=settings-saved]').exists()).toBe(true)
    expect(fake.state.settings.backups_kept).toBe(3)
  })

  it('shows a refusal about no field of the form above the form', async () => {
    ;({ w } = await mountIn(SettingsPage, pinia))
    fake.state.refuse.SaveSettings = { message: 'preferences: permission denied' }
    await w.find('[data-testid=settings-form]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=settings-error]').text()).toBe('preferences: permission denied')
  })

  it('follows the header’s theme toggle while it is open', async () => {
    ;({ w } = await mountIn(SettingsPage, pinia))
    const checked = () => (w!.find('[data-testid=settings-theme] [data-value=dark] input').element as HTMLInputElement).checked
    expect(checked()).toBe(false)
    usePrefs().setTheme('dark')
    await flushPromises()
    expect(checked()).toBe(true)
    expect(calls.some((c) => c.method === 'SetPreference' && c.args[0] === 'theme' && c.args[1] === 'dark')).toBe(true)
  })
})

describe('backups page', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let pinia: Pinia
  let fake: ReturnType<typeof backupsBackend>
  afterEach(() => {
    w?.unmount()
    document.body.innerHTML = ''
  })
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    fake = backupsBackend()
    calls = installBackend([incidentKind], [], fake.handlers).calls
    const wb = useWorkbench()
    wb.schema = { groups: [incidentKind.group], kinds: [incidentKind] }
    wb.workspace = { name: 'Test', path: '/tmp/t.smswb', site: { site_id: 's', name: 'laptop' }, read_only: false, counts: {} }
  })

  const rows = () => w!.findAll('[data-testid=backup]')

  it('lists the backups newest first, in local time, with a readable reason and size', async () => {
    ;({ w } = await mountIn(BackupsPage, pinia))
    expect(rows().map((r) => r.find('[data-testid=backup-at]').text())).toEqual([local('2026-11-22T09:15:00.000Z'), local('2026-11-21T16:02:30.250Z')])
    expect(rows().map((r) => r.find('[data-testid=backup-reason]').text())).toEqual(['Daily', 'Before a spreadsheet import'])
    expect(rows().map((r) => r.find('[data-testid=backup-size]').text())).toEqual(['4.2 MB', '812 B'])
    expect(w.find('[data-testid=backups-dir]').text()).toBe('/data/backups/t-3f2a9c1e')
    expect(w.find('[data-testid=backups-kept]').text()).toBe('The newest 20 backups are kept')
    expect(w.find('[data-testid=backups-settings]').attributes('href')).toContain('/settings')
    await w.find('[data-testid=backups-open-folder]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.method === 'OpenPath')?.args).toEqual(['/data/backups/t-3f2a9c1e'])
  })

  it('backs up now, and the list shows the new backup, pruned to the number kept', async () => {
    fake.state.settings.backups_kept = 2
    ;({ w } = await mountIn(BackupsPage, pinia))
    await w.find('[data-testid=backup-now]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'CreateBackup')).toHaveLength(1)
    expect(rows().map((r) => r.attributes('data-reason'))).toEqual(['manual', 'daily'])
    expect(w.find('[data-testid=backups-made]').text()).toBe(`Backup made: ${local('2026-11-22T10:00:01.000Z')}`)
    expect(w.find('[data-testid=backups-count]').text()).toBe('2 backups')
  })

  it('asks before a restore, says the current state is backed up first, and names the backup holding it', async () => {
    ;({ w } = await mountIn(BackupsPage, pinia))
    const older = fake.state.backups[1]
    await rows()[1].find('[data-testid=backup-restore]').trigger('click')
    await flushPromises()
    const dialog = document.body.querySelector('.n-dialog')
    expect(dialog?.textContent).toContain(`Restore the backup of ${local(older.at)}?`)
    expect(dialog?.textContent).toContain('Its current state is backed up first')
    expect(calls.some((c) => c.method === 'RestoreBackup')).toBe(false)
    const workspaceCalls = calls.filter((c) => c.method === 'Workspace').length
    ;(document.body.querySelector('[data-testid=restore-confirm]') as HTMLElement).click()
    await flushPromises()

    expect(calls.filter((c) => c.method === 'RestoreBackup').map((c) => c.args)).toEqual([[older.id]])
    const done = w.find('[data-testid=backups-restored]')
    expect(done.text()).toContain(`Restored the backup of ${local(older.at)}.`)
    const before = fake.state.backups[0]
    expect(before.reason).toBe('restore')
    expect(done.find('[data-testid=backups-restored-before]').text()).toContain(local(before.at))
    expect(done.find('[data-testid=backups-restored-before]').text()).toContain(before.id)
    // the window reloads the restored workspace, and the list shows the backup of what it replaced
    expect(calls.filter((c) => c.method === 'Workspace').length).toBeGreaterThan(workspaceCalls)
    expect(rows()[0].attributes('data-reason')).toBe('restore')
    expect(rows()[0].find('[data-testid=backup-reason]').text()).toBe('Before a restore')
  })

  it('cancels a restore from the dialog without calling the backend', async () => {
    ;({ w } = await mountIn(BackupsPage, pinia))
    await rows()[0].find('[data-testid=backup-restore]').trigger('click')
    await flushPromises()
    ;(document.body.querySelector('[data-testid=restore-cancel]') as HTMLElement).click()
    await flushPromises()
    expect(calls.some((c) => c.method === 'RestoreBackup')).toBe(false)
  })

  it('shows a refused restore or backup in the page', async () => {
    ;({ w } = await mountIn(BackupsPage, pinia))
    fake.state.refuse.RestoreBackup = { message: 'a job is running (import): wait for it or cancel it, then restore' }
    await rows()[0].find('[data-testid=backup-restore]').trigger('click')
    await flushPromises()
    ;(document.body.querySelector('[data-testid=restore-confirm]') as HTMLElement).click()
    await flushPromises()
    expect(w.find('[data-testid=backups-error]').text()).toBe('a job is running (import): wait for it or cancel it, then restore')
    expect(w.find('[data-testid=backups-restored]').exists()).toBe(false)
    expect(rows()).toHaveLength(2)

    fake.state.refuse.CreateBackup = { message: 'cannot back up t.smswb into /data/backups: the disk is full' }
    await w.find('[data-testid=backup-now]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=backups-error]').text()).toBe('cannot back up t.smswb into /data/backups: the disk is full')
  })

  it('does not offer a restore in a read-only window', async () => {
    useWorkbench().workspace = {
      name: 'Test',
      path: '/tmp/t.smswb',
      site: { site_id: 's', name: 'laptop' },
      read_only: true,
      read_only_reason: 'it is open in another SMS Workbench window',
      counts: {},
    }
    ;({ w } = await mountIn(BackupsPage, pinia))
    expect(rows()[0].find('[data-testid=backup-restore]').attributes('disabled')).toBeDefined()
  })

  it('says when there are none', async () => {
    fake.state.backups = []
    ;({ w } = await mountIn(BackupsPage, pinia))
    expect(w.find('[data-testid=backups-none]').exists()).toBe(true)
    expect(w.find('[data-testid=backups-count]').text()).toBe('no backups')
  })
})

describe('about', () => {
  let w: VueWrapper | undefined
  let calls: FakeCall[]
  let pinia: Pinia
  afterEach(() => {
    w?.unmount()
    document.body.innerHTML = ''
    delete (window as { runtime?: unknown }).runtime
  })
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    calls = installBackend([incidentKind], [], backupsBackend().handlers).calls
  })

  const q = (testid: string) => document.body.querySelector(`[data-testid=${testid}]`)

  it('shows the version, platform, format and the paths, each to copy, the folders to open', async () => {
    const copied: string[] = []
    ;(window as { runtime?: unknown }).runtime = {
      EventsOn: () => () => {},
      ClipboardSetText: async (s: string) => (copied.push(s), true),
    }
    ;({ w } = await mountIn(AboutDialog, pinia, { show: true }))
    expect(q('about-version')?.textContent).toBe('v1.4.0')
    expect(q('about-platform')?.textContent).toContain('linux/amd64')
    expect(q('about-platform')?.textContent).toContain('go1.26.8')
    expect(q('about-format')?.textContent).toBe('version 7')
    expect(q('about-workspace-path')?.textContent).toBe('/tmp/t.smswb')
    expect(q('about-backups-path')?.textContent).toBe('/data/backups/t-3f2a9c1e')
    expect(q('about-data-folder-path')?.textContent).toBe('/home/anna/.local/share/smsworkbench')
    expect(q('about-preferences-path')?.textContent).toBe('/home/anna/.config/smsworkbench/preferences.json')
    ;(q('about-workspace-copy') as HTMLElement).click()
    await flushPromises()
    expect(copied).toEqual(['/tmp/t.smswb'])
    // a file is copied, not opened; a folder may be opened
    expect(q('about-workspace-open')).toBeNull()
    ;(q('about-backups-open') as HTMLElement).click()
    await flushPromises()
    expect(calls.find((c) => c.method === 'OpenPath')?.args).toEqual(['/data/backups/t-3f2a9c1e'])
  })

  it('opens from the help menu of the header, which also shows the read-only reason', async () => {
    const wb = useWorkbench()
    wb.workspace = {
      name: 'Test',
      path: '/tmp/t.smswb',
      site: { site_id: 's', name: 'laptop' },
      read_only: true,
      read_only_reason: 'it is open in another SMS Workbench window',
      counts: {},
    }
    ;({ w } = await mountIn(AppHeader, pinia))
    expect(w.find('[data-testid=read-only-tag]').attributes('data-reason')).toBe('it is open in another SMS Workbench window')
    await w.find('[data-testid=help-button]').trigger('click')
    await flushPromises()
    const about = [...document.body.querySelectorAll('.n-dropdown-option')].find((o) => o.textContent?.includes('About SMS Workbench'))
    expect(about).toBeDefined()
    ;(about!.querySelector('.n-dropdown-option-body') as HTMLElement).click()
    await flushPromises()
    expect(q('about-version')?.textContent).toBe('v1.4.0')
  })
})

describe('bundle passphrases', () => {
  let w: VueWrapper | undefined
  let pinia: Pinia
  let fake: ReturnType<typeof backupsBackend>
  afterEach(() => w?.unmount())
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    fake = backupsBackend()
    installBackend([incidentKind], [], {
      ...fake.handlers,
      SyncStatus: () => syncStatus(),
      ExportBundle: (path) => ({ path, ops: 18196, records: 4529, blobs: 0, for: '', encrypted: true }),
    })
  })

  async function exportWith(passphrase: string) {
    ;({ w } = await mountIn(SyncPage, pinia))
    await input(w, 'export-passphrase').setValue(passphrase)
    await input(w, 'export-confirm').setValue(passphrase)
    await input(w, 'export-path').setValue('/tmp/out.smsb')
    await w.find('[data-testid=sync-export]').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=export-result]').exists()).toBe(true)
    w.unmount()
    ;({ w } = await mountIn(SyncPage, pinia))
  }

  const value = (testid: string) => (input(w!, testid).element as HTMLInputElement).value

  it('fills in the passphrase that worked, for this window, when the setting is "session"', async () => {
    fake.state.settings.passphrase = 'session'
    await useSettings().load()
    await exportWith('correct horse')
    expect(['export-passphrase', 'export-confirm', 'import-passphrase', 'folder-passphrase'].map(value)).toEqual(Array(4).fill('correct horse'))
    // back to "ask": the passphrase is forgotten at once
    await useSettings().save({ ...fake.state.settings, passphrase: 'ask' })
    expect(useSettings().passphrase).toBe('')
  })

  it('asks every time when the setting is "ask"', async () => {
    await useSettings().load()
    await exportWith('correct horse')
    expect(['export-passphrase', 'export-confirm', 'import-passphrase', 'folder-passphrase'].map(value)).toEqual(Array(4).fill(''))
    expect(useSettings().passphrase).toBe('')
  })
})

describe('the shell', () => {
  let w: VueWrapper | undefined
  const handlers: Record<string, (...d: unknown[]) => void> = {}
  afterEach(() => {
    w?.unmount()
    document.body.innerHTML = ''
    delete (window as { runtime?: unknown }).runtime
  })

  async function mountShell(readOnlyReason = '') {
    const pinia = createPinia()
    setActivePinia(pinia)
    const fake = backupsBackend()
    installBackend([incidentKind], [], {
      ...fake.handlers,
      Workspace: () => ({
        name: 'Test',
        path: '/tmp/t.smswb',
        site: { site_id: 's', name: 'laptop' },
        read_only: !!readOnlyReason,
        read_only_reason: readOnlyReason || undefined,
        counts: {},
      }),
      Jobs: () => [],
    })
    ;(window as { runtime?: unknown }).runtime = {
      EventsOn: (name: string, cb: (...d: unknown[]) => void) => {
        handlers[name] = cb
        return () => delete handlers[name]
      },
    }
    ;({ w } = await mountIn(Shell, pinia))
    await flushPromises()
  }

  it('explains a read-only window in a banner', async () => {
    await mountShell('it is open in another SMS Workbench window')
    expect(w!.find('[data-testid=read-only-banner]').text()).toBe(
      'This workspace is read-only in this window: it is open in another SMS Workbench window. Nothing can be changed here.',
    )
    expect(w!.find('[data-testid=read-only-tag]').attributes('data-reason')).toBe('it is open in another SMS Workbench window')
  })

  it('has no banner in a window that writes, and tells of the daily backup and of its failure', async () => {
    await mountShell()
    expect(w!.find('[data-testid=read-only-banner]').exists()).toBe(false)
    handlers['backup:made']({ id: 'x', path: '/x', at: '2026-11-22T10:00:00Z', reason: 'daily', bytes: 4404019 })
    await flushPromises()
    expect(document.body.textContent).toContain('Daily backup of the workspace made (4.2 MB)')
    handlers['backup:failed']('cannot back up t.smswb into /data/backups: the disk is full')
    await flushPromises()
    expect(document.body.textContent).toContain('The daily backup failed: cannot back up t.smswb into /data/backups: the disk is full')
  })
})
