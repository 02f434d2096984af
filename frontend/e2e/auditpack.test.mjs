// The audit pack in the window, against the real backend on the demo workspace: the page reached
// through the navigation, a PDF in a folder that does not exist refused beside the PDF field with
// nothing written, then a pack written with two sections left out, its progress, and the result
// card checked against the files themselves (pdfinfo, pdftotext, the workbook's zip signature);
// "Open workbook" on a file gone says so; the "Audit pack" button of an assessment preselects it.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Harness, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

function poppler(cmd, ...args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error}`)
  return r.stdout
}

describe('the audit pack in the window', { timeout: 600000 }, () => {
  const h = new Harness('auditpack')
  const out = mkdtempSync(join(tmpdir(), 'smswb-auditpack-out-'))
  const pdf = join(out, 'Northwind audit pack.pdf')
  const xlsx = join(out, 'Northwind audit pack.xlsx')
  let browser
  let page

  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const backend = (method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args])

  async function showPage(name) {
    await page.click(`[data-testid=nav] [data-page="page:${name}"]`)
    await page.locator(`[data-testid=${name}]`).waitFor()
  }

  async function shoot(file, height = 1000) {
    await page.setViewportSize({ width: 1280, height })
    await page.mouse.move(1270, height - 10)
    await sleep(500)
    await page.screenshot({ path: screenshotPath(file) })
    await page.setViewportSize({ width: 1280, height: 800 })
  }

  before(async () => {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    for (const cmd of ['pdfinfo', 'pdftotext']) {
      if (spawnSync('which', [cmd]).status !== 0) throw new Error(`${cmd} is missing: apt-get install poppler-utils`)
    }
    h.initDemo(devBin)
    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:audit-pack"]' }))
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
    rmSync(out, { recursive: true, force: true })
  })

  it('opens from the navigation with every section checked and the latest started assessment', async () => {
    await showPage('audit-pack')
    const sections = await backend('AuditPackSections')
    assert.equal(sections.length, 15)
    assert.equal(await page.locator('[data-testid=ap-section]').count(), sections.length)
    assert.equal(await page.locator('[data-testid=ap-section].n-checkbox--checked').count(), sections.length)
    assert.equal(await text('[data-testid=ap-section][data-section=budget]'), 'Budget and costs')
    assert.equal(await text('[data-testid=ap-section-group][data-files=pdf] .group-title'), 'PDF only')
    assert.equal(await page.locator('[data-testid=ap-section-group][data-files=pdf] [data-testid=ap-section]').count(), 10)
    assert.match(await text('[data-testid=ap-assessment]'), /^Latest started: ASM-\d+ Gap assessment \d{4}/)
    assert.equal(await page.locator('[data-testid=ap-from] input').getAttribute('placeholder'), '12 months before the end')
    assert.equal(await page.locator('[data-testid=ap-to] input').getAttribute('placeholder'), 'Today')
  })

  it('refuses a PDF in a folder that does not exist beside the PDF field, and writes nothing', async () => {
    const missing = join(out, 'no such folder', 'pack.pdf')
    await page.fill('[data-testid=ap-pdf-path] input', missing)
    await page.fill('[data-testid=ap-xlsx-path] input', xlsx)
    await page.click('[data-testid=ap-create]')
    await page.locator('[data-testid=ap-error-pdf]').waitFor()
    assert.equal(await text('[data-testid=ap-error-pdf]'), `${missing}: the folder ${join(out, 'no such folder')} does not exist`)
    assert.equal(await page.locator('[data-testid=ap-error-xlsx]').count(), 0)
    assert.equal(await page.locator('[data-testid=ap-result]').count(), 0)
    assert.equal(await page.locator('[data-testid=ap-progress]').count(), 0)
    await sleep(500)
    assert.deepEqual(readdirSync(out), [])
    assert.equal((await backend('Jobs')).filter((j) => j.name === 'audit-pack').length, 0, 'a job was started')
    await shoot('ui-audit-pack-refused.png', 900)
  })

  let result
  it('writes the PDF and the workbook without two sections, with progress, and tells what it wrote', async () => {
    await page.fill('[data-testid=ap-pdf-path] input', pdf)
    await page.click('[data-testid=ap-section][data-section=budget]')
    await page.click('[data-testid=ap-section][data-section=cmdb]')
    assert.equal(await page.locator('[data-testid=ap-section].n-checkbox--checked').count(), 13)
    await page.click('[data-testid=ap-create]')
    await waitFor('the error gone', async () => (await page.locator('[data-testid=ap-error-pdf]').count()) === 0)
    // the progress shows while the job runs (the demo's pack takes a few seconds)
    await page.locator('[data-testid=ap-progress], [data-testid=ap-result]').first().waitFor()
    await page.locator('[data-testid=ap-result]').waitFor({ timeout: 180000 })
    assert.equal(await page.locator('[data-testid=ap-progress]').count(), 0)
    assert.equal(await page.locator('[data-testid=ap-error]').count(), 0)
    const jobs = (await backend('Jobs')).filter((j) => j.name === 'audit-pack')
    assert.equal(jobs.length, 1)
    assert.equal(jobs[0].state, 'done')

    // the files, as the card describes them
    assert.ok(existsSync(pdf), 'no PDF written')
    assert.ok(existsSync(xlsx), 'no workbook written')
    assert.equal(await text('[data-testid=ap-result-pdf-path]'), pdf)
    assert.equal(await text('[data-testid=ap-result-xlsx-path]'), xlsx)
    const pages = Number(await page.locator('[data-testid=ap-result-pdf-pages]').getAttribute('data-pages'))
    assert.ok(pages > 3, `only ${pages} pages`)
    const info = poppler('pdfinfo', pdf)
    assert.equal(Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), pages, info)
    assert.equal(await text('[data-testid=ap-result-pdf-pages]'), `${pages} pages`)
    assert.ok(statSync(pdf).size > 10000)
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString('latin1'), 'PK')
    assert.match(await text('[data-testid=ap-result-xlsx-size]'), /^\d+(\.\d)? (KB|MB)$/)
    assert.equal(await text('[data-testid=ap-result-sections]'), '13 sections')

    // the assessment reported: the latest started, its readiness and findings as the backend has them
    const ref = await text('[data-testid=ap-result-assessment] .ref')
    assert.match(ref, /^ASM-\d+$/)
    const a = await backend('Assessment', ref)
    assert.equal(await text('[data-testid=ap-result-assessment] .asm-title'), a.title)
    assert.equal(await text('[data-testid=ap-result-readiness]'), `${a.readiness.toFixed(1)} %`)
    assert.match(await text('[data-testid=ap-result-findings]'), /^\d+$/)
    const words = (s) => s.split(/\s+/).filter(Boolean).join(' ')
    const pdfText = words(poppler('pdftotext', pdf, '-'))
    assert.ok(pdfText.includes(words(a.title)), `the PDF does not name "${a.title}"`)
    assert.ok(pdfText.includes(ref), `the PDF does not name ${ref}`)
    result = { ref, pages }
  })

  it('shows the pack written', async () => {
    await shoot('ui-audit-pack.png', 1000)
  })

  it('says so when the file to open is gone', async () => {
    rmSync(xlsx)
    await page.click('[data-testid=ap-open-xlsx]')
    await page.locator('[data-testid=ap-open-error]').waitFor()
    assert.equal(await text('[data-testid=ap-open-error]'), `${xlsx}: no such file`)
  })

  it('opens from an assessment with that assessment chosen', async () => {
    await showPage('assessments')
    const row = page.locator('[data-testid=assessment-row]').last()
    const ref = await row.getAttribute('data-ref')
    await row.click()
    await page.locator('[data-testid=assessment]').waitFor()
    await page.click('[data-testid=audit-pack-button]')
    await page.locator('[data-testid=audit-pack]').waitFor()
    const title = (await backend('Assessment', ref)).title
    assert.equal(await text('[data-testid=ap-assessment]'), `${ref} · ${title}`)
    // the result of the pack written stays until another is written
    assert.equal(await text('[data-testid=ap-result-assessment] .ref'), result.ref)
    assert.ok(page.url().includes(`assessment=${ref}`))
  })

  it('had no page errors', () => {
    assert.deepEqual(h.pageErrors, [])
  })
})
