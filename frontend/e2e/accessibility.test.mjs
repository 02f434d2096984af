// Accessibility of the window, against the real backend on the demo: axe-core (WCAG 2.1 A and AA)
// finds no serious or critical problem on any page of the navigation, on a record's panel or on
// Settings, in English and in German; the register list is an ARIA grid whose sortable headers
// say their order and whose rows are reached and opened with the keyboard, focus visible.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, axeProblems, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

describe('accessibility', { timeout: 900000 }, () => {
  const h = new Harness('a11y')
  let browser
  let page

  before(async () => {
    requireFile(devBin, 'build it with: make dev-binary')
    h.initDemo(devBin)
    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:backups"]' }))
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
  })

  /** Every page of the navigation, checked by axe; returns the problems by page. */
  async function everyPage() {
    const keys = await page.locator('[data-testid=nav] [data-page]').evaluateAll((els) => els.map((e) => e.dataset.page))
    assert.ok(keys.length > 30, `only ${keys.length} pages in the navigation`)
    const problems = []
    for (const key of keys) {
      await page.click(`[data-testid=nav] [data-page="${key}"]`)
      await sleep(600)
      for (const p of await axeProblems(page)) problems.push(`${key}: ${p}`)
    }
    return problems
  }

  it('finds no serious problem on any page', async () => {
    const problems = await everyPage()
    // a record's panel and Settings
    await page.click('[data-testid=nav] [data-page="kind:incident"]')
    await page.locator('[data-testid=record-table] .row[data-ref]').first().click()
    await page.locator('[data-testid=panel-heading]').waitFor()
    await sleep(400)
    for (const p of await axeProblems(page)) problems.push(`record panel: ${p}`)
    await page.keyboard.press('Escape')
    await page.click('[data-testid=settings-button]')
    await page.locator('[data-testid=settings-form]').waitFor()
    for (const p of await axeProblems(page)) problems.push(`settings: ${p}`)
    assert.deepEqual(problems, [])
  })

  it('makes the register list a grid the keyboard can walk', async () => {
    await page.click('[data-testid=nav] [data-page="kind:incident"]')
    const grid = page.locator('[data-testid=record-table]')
    await grid.locator('.row[data-ref]').first().waitFor()
    assert.equal(await grid.getAttribute('role'), 'grid')
    const total = Number(await grid.getAttribute('data-total'))
    assert.equal(Number(await grid.getAttribute('aria-rowcount')), total + 1)
    // sorting by a header says so
    const head = grid.locator('[role=columnheader][data-col=ref]')
    await head.click()
    await waitFor('the order said', async () => ['ascending', 'descending'].includes(await head.getAttribute('aria-sort')))
    // the first row takes the focus, the arrow keys move it, Enter opens the record
    const first = grid.locator('[role=row][aria-rowindex="2"]')
    await first.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const focused = await page.evaluate(() => ({ index: document.activeElement?.getAttribute('aria-rowindex'), ref: document.activeElement?.dataset.ref, outline: getComputedStyle(document.activeElement).outlineStyle }))
    assert.equal(focused.index, '4')
    assert.notEqual(focused.outline, 'none', 'the focused row shows no focus')
    await page.screenshot({ path: screenshotPath('ui-grid-focus.png') })
    await page.keyboard.press('Enter')
    await waitFor('the record opened', async () => (await page.locator('[data-testid=panel-ref]').count()) > 0 && (await page.locator('[data-testid=panel-ref]').textContent()).trim() === focused.ref)
    await page.keyboard.press('Escape')
  })

  it('finds no serious problem in German either', async () => {
    const s = await page.evaluate(() => window.go.app.App.Settings())
    await page.evaluate((x) => window.go.app.App.SaveSettings(x), { ...s, language: 'de' })
    await page.reload()
    await page.locator('[data-testid=nav] [data-page="page:backups"]').waitFor()
    await waitFor('German', async () => (await page.evaluate(() => document.documentElement.lang)) === 'de')
    assert.deepEqual(await everyPage(), [])
  })

  it('raised no errors in the page', () => {
    assert.deepEqual(h.pageErrors, [])
  })
})
