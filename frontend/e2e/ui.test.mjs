// The real frontend with the real Go bindings: the dev build serves both to a browser (Wails dev
// server, bindings over a websocket); Debian's chromium drives it with playwright-core. Every
// assertion is about what the user sees or what the backend then holds.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import {
  Harness,
  chromiumArgs,
  chromiumPath,
  devBin,
  frontendDir,
  freePort,
  requireFile,
  screenshotPath,
  waitFor,
} from './harness.mjs'
import { join } from 'node:path'

const DEMO_COUNTS = { incident: 40, service: 8, ci: 25, change: 10, policy: 6 }
const NAV_LABELS = ['Incidents', 'Services', 'Configuration items', 'Changes', 'Policies']

describe('workbench UI against the real backend', { timeout: 240000 }, () => {
  const h = new Harness('ui')
  let browser
  let page
  const pageErrors = []
  const refsBefore = new Set()
  let newRef = ''

  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const rowRefs = async () =>
    page.locator('[data-testid=record-table] tr[data-ref]').evaluateAll((rows) => rows.map((r) => r.dataset.ref))
  /** Calls a bound Go method from the page, as the frontend does. */
  const backend = (method, ...args) =>
    page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args])

  before(async () => {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    requireFile(join(frontendDir, 'dist', 'index.html'), 'build the frontend first: npm run build')
    h.initDemo(devBin)
    await h.startXvfb()
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    const app = h.start(
      'app',
      devBin,
      ['--db', h.db],
      h.guiEnv({ devserver: `127.0.0.1:${port}`, assetdir: join(frontendDir, 'dist'), loglevel: 'Warning' }),
    )
    await waitFor(`the dev server at ${url}`, async () => {
      if (app.exitCode !== null) throw new Error(`dev binary exited ${app.exitCode}: ${h.log('app')}`)
      const r = await fetch(url)
      return r.ok && (await r.text()).includes('/wails/ipc.js')
    }, { timeoutMs: 60000 })

    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.setDefaultTimeout(20000)
    page.on('pageerror', (e) => {
      // The Wails dev-server script (/wails/ipc.js) throws once on load; only our bundle counts.
      if (!String(e.stack).includes('/wails/')) pageErrors.push(e.stack || e.message)
    })
    await page.goto(url)
    await page.waitForSelector('[data-testid=nav] [data-kind=incident]')
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
  })

  it('lists every kind in the navigation with the demo counts', async () => {
    const nav = await text('[data-testid=nav]')
    for (const label of NAV_LABELS) assert.ok(nav.includes(label), `navigation lacks ${label}: ${nav}`)
    for (const [kind, n] of Object.entries(DEMO_COUNTS)) {
      await waitFor(`count of ${kind}`, async () => (await text(`[data-testid=count-${kind}]`)) === String(n))
    }
    assert.ok((await text('[data-testid=workspace-name]')).includes('Northwind'))
  })

  it('shows the 40 incidents of the demo', async () => {
    await page.click('[data-testid=nav] [data-kind=incident]')
    await waitFor('the incident list', async () => (await text('[data-testid=list-total]')).startsWith('40 '))
    await waitFor('40 rows', async () => (await rowRefs()).length === 40)
    for (const r of await rowRefs()) refsBefore.add(r)
    assert.ok([...refsBefore].every((r) => /^INC-\d{5}$/.test(r)), [...refsBefore].join(' '))
    await page.screenshot({ path: screenshotPath('ui-list.png') })
  })

  it('narrows the list with its search box', async () => {
    await page.fill('[data-testid=list-search] input', 'backup')
    const refs = await waitFor('fewer rows', async () => {
      const r = await rowRefs()
      return r.length > 0 && r.length < 40 && r
    })
    const total = await text('[data-testid=list-total]')
    assert.equal(total.split(' ')[0], String(refs.length))
    const titles = await page.locator('[data-testid=record-table] tr[data-ref]').allTextContents()
    assert.ok(titles.some((t) => /backup/i.test(t)), `no row mentions backup: ${titles.join(' | ')}`)
    await page.fill('[data-testid=list-search] input', '')
    await waitFor('all 40 rows again', async () => (await rowRefs()).length === 40)
  })

  it("shows the backend's message beside the field and creates nothing", async () => {
    await page.click('[data-testid=new-record]')
    await page.waitForSelector('[data-testid=record-form] [data-field=title] input')
    await page.fill('[data-testid=record-form] [data-field=title] input', 'E2E label printer jams')
    await page.click('[data-testid=save-record]')
    const feedback = '[data-testid=record-form] [data-field=service] .n-form-item-feedback--error'
    await page.waitForSelector(feedback)
    const msg = await text(feedback)
    assert.match(msg, /is required/)
    assert.equal(await page.locator('[data-testid=form-error]').count(), 0, 'the error went to the top, not beside the field')
    await page.screenshot({ path: screenshotPath('ui-form-error.png') })

    const ws = await backend('Workspace')
    assert.equal(ws.counts.incident, 40)
    const found = await backend('List', 'incident', { search: 'label printer jams', where: [], sort: '', limit: 0, offset: 0 })
    assert.equal(found.total, 0)
    assert.equal(await text('[data-testid=count-incident]'), '40')
  })

  it('creates a valid incident with a new ref and counts it', async () => {
    await page.click('[data-testid=record-form] [data-field=service] .n-base-selection')
    await page.keyboard.type('Service desk')
    const option = page.locator('.n-base-select-option', { hasText: 'Service desk' }).first()
    await option.waitFor()
    await option.click()
    await waitFor('the service error to clear', async () =>
      (await page.locator('[data-testid=record-form] [data-field=service] .n-form-item-feedback--error').count()) === 0,
    )
    await page.click('[data-testid=save-record]')

    newRef = await waitFor('the new record in the panel', async () => {
      const r = await text('[data-testid=panel-ref]')
      return /^INC-\d{5}$/.test(r) && r
    })
    assert.ok(!refsBefore.has(newRef), `${newRef} existed before`)
    await waitFor('the incident count to reach 41', async () => (await text('[data-testid=count-incident]')) === '41')
    await waitFor('the list total to reach 41', async () => (await text('[data-testid=list-total]')).startsWith('41 '))
    await waitFor(`${newRef} in the list`, async () => (await rowRefs()).includes(newRef))

    const rec = await backend('Get', 'incident', newRef)
    assert.equal(rec.title, 'E2E label printer jams')
    assert.equal(rec.service?.ref, 'SVC-00002')
    assert.equal(rec.status, 'new')
    assert.equal(await text('[data-testid=record-status]'), 'New')
  })

  it('moves the incident to Assigned with the transition button', async () => {
    await page.click('[data-testid=transitions] button[data-state=assigned]')
    await waitFor('the status to read Assigned', async () => (await text('[data-testid=record-status]')) === 'Assigned')
    const rec = await backend('Get', 'incident', newRef)
    assert.equal(rec.status, 'assigned')
    const row = page.locator(`[data-testid=record-table] tr[data-ref="${newRef}"]`)
    await waitFor('the list row to show Assigned', async () => ((await row.textContent()) ?? '').includes('Assigned'))
  })

  it('shows created and moved in the history tab', async () => {
    await page.locator('.n-tabs-tab', { hasText: 'History' }).click()
    await page.waitForSelector('[data-testid=history] [data-action=moved]')
    const created = await text('[data-testid=history] [data-action=created]')
    const moved = await text('[data-testid=history] [data-action=moved]')
    assert.match(created, /Created/)
    assert.match(created, /E2E label printer jams/)
    assert.match(moved, /Moved/)
    assert.match(moved, /New\s*→\s*Assigned/)
    await page.locator('[data-testid=details]').waitFor({ state: 'detached' })
    await page.screenshot({ path: screenshotPath('ui-history.png') })
  })

  it('raised no errors in the page', () => {
    assert.deepEqual(pageErrors, [])
  })
})
