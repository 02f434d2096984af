// Settings, backups and About in the window, against the real backend on the demo workspace (its
// backups go to the harness's temporary folder, its preferences to its own config folder): the
// number of backups kept refused at 0 beside its field, then saved at 3; four backups made with
// "Back up now", of which the newest three are kept; an incident created, then an older backup
// restored: the incident is gone from the list and the counts, and a "restore" backup holds the
// state replaced. About shows the version and the workspace's path. The theme set in Settings and
// the header's toggle agree. A second window on the workspace is read-only and says why. Last,
// the oldest of the kept backups is restored. Screenshots of the pages and the dialog, in the
// light and the dark theme, go to the test output folder.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { Harness, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

describe('settings, backups and about', { timeout: 600000 }, () => {
  const h = new Harness('backups')
  let browser
  let page

  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const backend = (method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args])
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme)
  const rows = () => page.locator('[data-testid=backup]').evaluateAll((rs) => rs.map((r) => ({ id: r.dataset.id, reason: r.dataset.reason })))
  const incidents = async () => (await backend('Workspace')).counts.incident

  async function shoot(file, height = 800) {
    await page.setViewportSize({ width: 1280, height })
    await page.mouse.move(1270, height - 10)
    await sleep(500)
    await page.screenshot({ path: screenshotPath(file) })
    await page.setViewportSize({ width: 1280, height: 800 })
  }

  async function save() {
    await page.click('[data-testid=settings-save]')
    await waitFor('the settings saved or refused', async () =>
      (await page.locator('[data-testid=settings-saved], [data-testid^=settings-error]').count()) > 0,
    )
  }

  before(async () => {
    requireFile(devBin, 'build it with: make dev-binary')
    h.initDemo(devBin)
    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:backups"]' }))
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
  })

  it('opens Settings from the header, refuses 0 backups kept beside the field and saves 3', async () => {
    await page.click('[data-testid=settings-button]')
    await page.locator('[data-testid=settings-form]').waitFor()
    assert.ok(page.url().endsWith('#/settings'), page.url())
    assert.equal(await page.inputValue('[data-testid=settings-backups-kept] input'), '20')
    // no data folder set: the platform's is the placeholder
    assert.match(await page.getAttribute('[data-testid=settings-data-folder] input', 'placeholder'), /^The platform’s data folder: \/.+smsworkbench$/)

    await page.fill('[data-testid=settings-backups-kept] input', '0')
    await save()
    assert.equal(await text('[data-testid=settings-error-backups_kept]'), 'backups kept must be 1 to 1000, not 0')
    assert.equal(await page.locator('[data-testid=settings-saved]').count(), 0)
    assert.equal((await backend('Settings')).backups_kept, 20, 'a refused setting is not stored')
    await shoot('ui-settings-error.png')

    await page.fill('[data-testid=settings-backups-kept] input', '3')
    await page.click('[data-testid=settings-passphrase] [data-value=session]')
    await save()
    assert.equal(await page.locator('[data-testid=settings-error-backups_kept]').count(), 0)
    assert.equal(await text('[data-testid=settings-saved]'), '✓ Settings saved')
    const saved = await backend('Settings')
    assert.equal(saved.backups_kept, 3)
    assert.equal(saved.passphrase, 'session')
    await shoot('ui-settings.png')
  })

  it('keeps the newest three of four backups made with "Back up now"', async () => {
    await page.click('[data-testid=nav] [data-page="page:backups"]')
    await page.locator('[data-testid=backups-where]').waitFor()
    assert.equal(await text('[data-testid=backups-kept]'), 'The newest 3 backups are kept')
    assert.equal(await text('[data-testid=backups-dir]'), (await backend('Backups')).dir)
    const made = []
    for (let i = 0; i < 4; i++) {
      const before = await rows()
      await page.click('[data-testid=backup-now]')
      await waitFor(`backup ${i + 1} listed`, async () => {
        const now = await rows()
        return now.length && now[0].id !== before[0]?.id && now[0].reason === 'manual'
      })
      made.push((await rows())[0].id)
      assert.match(await text('[data-testid=backups-made]'), /^Backup made: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    }
    const listed = await rows()
    assert.deepEqual(listed.map((r) => r.id), made.slice(1).reverse(), 'the newest three, newest first')
    assert.deepEqual(listed.map((r) => r.reason), ['manual', 'manual', 'manual'])
    assert.equal(await text('[data-testid=backups-count]'), '3 backups')
    assert.equal(await text('[data-testid=backup] [data-testid=backup-reason]'), 'On demand')
    assert.match(await text('[data-testid=backup] [data-testid=backup-size]'), /^\d+(\.\d)? (KB|MB)$/)
    assert.deepEqual((await backend('Backups')).backups.map((b) => b.id), listed.map((r) => r.id))
    await shoot('ui-backups.png')
  })

  it('restores an older backup: the change made since is gone, and a "restore" backup holds it', async () => {
    const n = await incidents()
    const service = (await backend('List', 'service', { where: [], search: '', sort: '', limit: 1, offset: 0 })).records[0]
    const made = await backend('Create', 'incident', { title: 'Wombat printer jams after the backups', service: service.id })
    await waitFor('the new incident counted', async () => (await text('[data-testid=count-incident]')) === String(n + 1))
    const wombats = async (want) => {
      await page.click('[data-testid=nav] [data-kind=incident]')
      await page.locator('[data-testid=list-total]').waitFor()
      await page.fill('[data-testid=list-search] input', 'wombat')
      await waitFor(`${want} wombat incidents listed`, async () =>
        page.url().includes('q=wombat') && (await page.getAttribute('[data-testid=list-total]', 'data-total')) === String(want),
      )
    }
    await wombats(1)
    await page.click('[data-testid=nav] [data-page="page:backups"]')
    await page.locator('[data-testid=backup]').first().waitFor()

    const listed = await rows()
    // the middle one: restoring the oldest of the kept backups is the test after the next ones
    const older = listed[1]
    await page.click(`[data-testid=backup][data-id="${older.id}"] [data-testid=backup-restore]`)
    const dialog = page.locator('.n-dialog')
    await dialog.waitFor()
    assert.match(await dialog.textContent(), /Its current state is backed up first/)
    await shoot('ui-backups-restore-confirm.png')
    await page.click('[data-testid=restore-confirm]')
    await page.locator('[data-testid=backups-restored], [data-testid=backups-error]').first().waitFor({ timeout: 60000 })
    const refused = (await page.locator('[data-testid=backups-error]').count()) ? await text('[data-testid=backups-error]') : ''
    assert.equal(refused, '', 'the restore was refused')

    // the window shows the restored workspace: the count in the navigation and the list
    await waitFor('the count of before the change', async () => (await text('[data-testid=count-incident]')) === String(n))
    assert.equal(await incidents(), n)
    const now = await rows()
    assert.equal(now[0].reason, 'restore')
    assert.ok(await text('[data-testid=backups-restored-before]').then((s) => s.includes(now[0].id)), 'the restore names the backup of the state replaced')
    assert.equal(now.length, 3)
    await shoot('ui-backups-restored.png')

    await wombats(0)
    await assert.rejects(backend('Get', 'incident', made.id))
    await shoot('ui-backups-list-after-restore.png')

    // the restore backup holds the change: it is listed with its reason
    await page.click('[data-testid=nav] [data-page="page:backups"]')
    await page.locator('[data-testid=backup][data-reason=restore]').waitFor()
    assert.equal(await text('[data-testid=backup][data-reason=restore] [data-testid=backup-reason]'), 'Before a restore')
  })

  it('shows the version and where the workspace is in Help → About', async () => {
    const about = await backend('About')
    await page.click('[data-testid=help-button]')
    await page.locator('.n-dropdown-option', { hasText: 'About SMS Workbench' }).click()
    await page.locator('[data-testid=about-version]').waitFor()
    assert.ok(about.version, 'a version')
    assert.equal(await text('[data-testid=about-version]'), about.version)
    assert.equal(await text('[data-testid=about-workspace-path]'), h.db)
    assert.equal(await text('[data-testid=about-backups-path]'), (await backend('Backups')).dir)
    assert.match(await text('[data-testid=about-format]'), /^version \d+$/)
    assert.match(await text('[data-testid=about-platform]'), /^linux\/\w+ · built with go/)
    assert.ok(existsSync(await text('[data-testid=about-preferences-path]')), 'the preferences file exists')
    await shoot('ui-about.png')
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=about-version]').waitFor({ state: 'detached' })
  })

  it('sets the dark theme in Settings, in step with the header’s toggle', async () => {
    await page.click('[data-testid=settings-button]')
    await page.locator('[data-testid=settings-form]').waitFor()
    await page.click('[data-testid=settings-theme] [data-value=dark]')
    assert.equal(await theme(), 'light', 'the theme changes when saved')
    await save()
    await waitFor('the dark theme', async () => (await theme()) === 'dark')
    assert.equal((await backend('Preferences')).theme, 'dark')
    await shoot('ui-settings-dark.png')
    await page.click('[data-testid=nav] [data-page="page:backups"]')
    await page.locator('[data-testid=backup]').first().waitFor()
    await shoot('ui-backups-dark.png')
    await page.click('[data-testid=help-button]')
    await page.locator('.n-dropdown-option', { hasText: 'About SMS Workbench' }).click()
    await page.locator('[data-testid=about-version]').waitFor()
    await shoot('ui-about-dark.png')
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=about-version]').waitFor({ state: 'detached' })

    // the header's toggle, and the form follows it
    await page.click('[data-testid=settings-button]')
    await page.locator('[data-testid=settings-form]').waitFor()
    await page.click('[data-testid=theme-toggle]')
    await waitFor('the light theme', async () => (await theme()) === 'light')
    await waitFor('the form in step', async () => page.locator('[data-testid=settings-theme] [data-value=light] input').isChecked())
    await waitFor('the light theme stored', async () => (await backend('Settings')).theme === 'light')
  })

  it('in a second window on the same workspace: read-only, with its reason, and no restore', async () => {
    const second = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:backups"]' })
    try {
      const p2 = second.page
      await p2.locator('[data-testid=read-only-banner]').waitFor()
      const reason = (await p2.evaluate(() => window.go.app.App.Workspace())).read_only_reason
      assert.equal(reason, 'it is open in another SMS Workbench window')
      assert.equal(
        ((await p2.locator('[data-testid=read-only-banner]').textContent()) ?? '').trim(),
        `This workspace is read-only in this window: ${reason}. Nothing can be changed here.`,
      )
      assert.equal(await p2.getAttribute('[data-testid=read-only-tag]', 'data-reason'), reason)
      await p2.hover('[data-testid=read-only-tag]')
      await p2.locator('[data-testid=read-only-reason]').waitFor()
      await p2.click('[data-testid=nav] [data-page="page:backups"]')
      await p2.locator('[data-testid=backup]').first().waitFor()
      assert.ok(await p2.locator('[data-testid=backup-restore]').first().isDisabled())
      await p2.hover('[data-testid=read-only-tag]')
      await p2.locator('[data-testid=read-only-reason]').waitFor()
      await sleep(400)
      await p2.screenshot({ path: screenshotPath('ui-backups-read-only.png') })
    } finally {
      await second.browser.close().catch(() => {})
    }
  })

  // Last, since a failure here has left the workspace closed: the backup made before the restore
  // must not prune the backup being restored when it is the oldest of those kept.
  it('restores the oldest of the kept backups too, and the window goes on working', async () => {
    await page.click('[data-testid=nav] [data-page="page:backups"]')
    await page.locator('[data-testid=backup]').first().waitFor()
    const listed = await rows()
    assert.equal(listed.length, 3)
    const oldest = listed[listed.length - 1]
    await page.click(`[data-testid=backup][data-id="${oldest.id}"] [data-testid=backup-restore]`)
    await page.click('[data-testid=restore-confirm]')
    await page.locator('[data-testid=backups-restored], [data-testid=backups-error]').first().waitFor({ timeout: 60000 })
    const refused = (await page.locator('[data-testid=backups-error]').count()) ? await text('[data-testid=backups-error]') : ''
    assert.equal(refused, '', 'the restore was refused')
    assert.ok((await text('[data-testid=backups-restored]')).startsWith('Restored the backup of '))
    assert.equal((await rows())[0].reason, 'restore')
    assert.ok((await backend('Workspace')).counts.incident > 0)
  })

  it('had no page errors', () => {
    assert.deepEqual(h.pageErrors, [])
  })
})
