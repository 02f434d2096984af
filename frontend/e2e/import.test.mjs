// A client's spreadsheet in and a list out, in the window, against the real backend on the demo
// workspace: the import page reached through the navigation and from the incident list (which
// preselects the register); testdata/import/incidents-errors.csv read, its unreadable cell listed
// (row 4, "Created", "yesterday"); the Status column left out; a dry run; the import with
// "skip invalid rows" and a saved mapping; the result against the workspace and the rejected
// workbook on disk. Then the incident list, filtered, exported to a workbook (the save dialog is
// the system's, so the test answers it by replacing ChooseExportFile in the page).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Harness, devBin, repoDir, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

describe('the import of a spreadsheet and the export of a list', { timeout: 600000 }, () => {
  const h = new Harness('import')
  // A copy of the fixture: the rejected rows are written beside the file imported.
  const out = mkdtempSync(join(tmpdir(), 'smswb-import-out-'))
  const csv = join(out, 'incidents-errors.csv')
  let browser
  let page

  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const backend = (method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args])
  const incidents = async () => (await backend('Workspace')).counts.incident

  async function shoot(file, height = 1000) {
    await page.setViewportSize({ width: 1280, height })
    await page.mouse.move(1270, height - 10)
    await sleep(500)
    await page.screenshot({ path: screenshotPath(file) })
    await page.setViewportSize({ width: 1280, height: 800 })
  }

  before(async () => {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    copyFileSync(join(repoDir, 'testdata', 'import', 'incidents-errors.csv'), csv)
    h.initDemo(devBin)
    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:import"]' }))
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
    rmSync(out, { recursive: true, force: true })
  })

  it('opens from the navigation, and from a list with its register chosen', async () => {
    await page.click('[data-testid=nav] [data-page="page:import"]')
    await page.locator('[data-testid=import-file]').waitFor()
    assert.equal(await page.locator('[data-testid=import-steps] .n-step').count(), 5)
    await page.click('[data-testid=nav] [data-kind=incident]')
    await page.click('[data-testid=import-button]')
    await page.locator('[data-testid=import-file]').waitFor()
    assert.ok(page.url().includes('kind=incident'))
    assert.equal(await text('[data-testid=import-kind]'), 'Incidents')
    await shoot('ui-import-file.png', 800)
  })

  it('reads the file: the columns mapped by their headers and the cell that cannot be read', async () => {
    await page.fill('[data-testid=import-path] input', csv)
    await page.click('[data-testid=import-read]')
    await page.locator('[data-testid=import-mapping]').waitFor()
    assert.equal(await text('[data-testid=import-source]'), 'CSV · UTF-8 · delimiter “,” · header on row 1 · 8 rows')
    const fields = await page.locator('[data-testid=import-column]').evaluateAll((rows) => rows.map((r) => `${r.dataset.header}=${r.dataset.field}`))
    assert.deepEqual(fields, ['Ticket=ref', 'Summary=title', 'Service=service', 'Priority=priority', 'Status=status', 'Created=opened_at', 'Resolved=resolved_at'])
    const row4 = page.locator('[data-testid=import-error][data-row="4"] td')
    assert.deepEqual((await row4.allTextContents()).slice(0, 3), ['4', 'Created', 'yesterday'])
    assert.equal(await text('[data-testid=import-unreadable-count]'), '2 rows have cells that cannot be read')
    await shoot('ui-import-mapping.png', 1000)
  })

  it('leaves the Status column out, and the file is read again', async () => {
    await page.click('[data-testid=import-column][data-header=Status] [data-testid=import-field] .n-base-selection')
    await page.locator('.n-base-select-option', { hasText: /^Not imported$/ }).first().click()
    await page.locator('[data-testid=import-column][data-header=Status][data-field=""]').waitFor()
    assert.equal(await text('[data-testid=import-column][data-header=Status] [data-testid=import-how]'), 'chosen')
  })

  let countBefore
  it('checks the import with a dry run and writes nothing', async () => {
    countBefore = await incidents()
    await page.click('[data-testid=import-check]')
    await page.locator('[data-testid=import-preview]').waitFor()
    assert.equal(await text('[data-testid=import-preview-rows]'), '8')
    assert.equal(await text('[data-testid=import-preview-created]'), '3')
    assert.equal(await text('[data-testid=import-preview-invalid]'), '5')
    assert.match(await text('[data-testid=import-preview] [data-testid=import-error][data-row="6"]'), /Web shop.*no service has the ref or title "Web shop"/)
    assert.equal(await text('[data-testid=import-run]'), 'Import 3 rows')
    assert.equal(await incidents(), countBefore)
    await page.click('[data-testid=import-skip]')
    await page.fill('[data-testid=import-save-as] input', 'Client tickets')
    await shoot('ui-import-preview.png', 1000)
  })

  it('imports the valid rows, the others in the rejected workbook, and keeps the mapping', async () => {
    await page.click('[data-testid=import-run]')
    await page.locator('[data-testid=import-result]').waitFor({ timeout: 60000 })
    assert.equal(await text('[data-testid=import-result-created]'), '3')
    assert.equal(await text('[data-testid=import-result-updated]'), '0')
    assert.equal(await text('[data-testid=import-result-invalid]'), '5')
    const rejected = join(out, 'incidents-errors.rejected.xlsx')
    assert.equal(await text('[data-testid=import-rejected-path]'), rejected)
    assert.ok(existsSync(rejected), 'no rejected workbook')
    assert.equal(readFileSync(rejected).subarray(0, 2).toString('latin1'), 'PK')
    assert.equal(await text('[data-testid=import-profile-saved]'), 'Mapping saved as “Client tickets”')
    assert.equal(await incidents(), countBefore + 3)
    const profiles = await backend('ImportProfiles', 'incident')
    assert.deepEqual(profiles.map((p) => p.name), ['Client tickets'])
    assert.ok(profiles[0].maps.includes('Status='))
    const jobs = (await backend('Jobs')).filter((j) => j.name === 'import')
    assert.deepEqual(jobs.map((j) => j.state), ['done', 'done'])
    await shoot('ui-import-result.png', 800)
  })

  it('exports the incident list, filtered, to a workbook', async () => {
    await page.click('[data-testid=import-show-list]')
    await page.locator('[data-testid=list-total]').waitFor()
    const where = [{ field: 'priority', op: '=', value: 1 }]
    await page.evaluate((f) => (location.hash = `#/list/incident?f=${encodeURIComponent(f)}`), JSON.stringify(where))
    await waitFor('the filtered list', async () => (await page.locator('[data-testid=list-total]').getAttribute('data-total')) !== null && page.url().includes('f='))
    await sleep(500)
    const shown = Number(await page.locator('[data-testid=list-total]').getAttribute('data-total'))
    const total = (await backend('List', 'incident', { where, search: '', sort: '', limit: 1, offset: 0 })).total
    assert.equal(shown, total)
    assert.ok(total > 0 && total < countBefore + 3, `${total} critical incidents`)

    const xlsx = join(out, 'critical incidents.xlsx')
    // The system's save dialog cannot be driven here: the page gets its answer instead.
    await page.evaluate((p) => (window.go.app.App.ChooseExportFile = async () => p), xlsx)
    await page.click('[data-testid=export-button]')
    await page.locator('.n-dropdown-option', { hasText: 'Excel workbook (.xlsx)' }).click()
    await page.locator('[data-testid=export-done]').waitFor()
    assert.equal(await text('[data-testid=export-done] span'), `${total} records exported to ${xlsx}`)
    assert.ok(existsSync(xlsx), 'no workbook exported')
    assert.equal(readFileSync(xlsx).subarray(0, 4).toString('latin1'), 'PK\x03\x04')
    await shoot('ui-export.png', 800)
  })

  it('had no page errors', () => {
    assert.deepEqual(h.pageErrors, [])
  })
})
