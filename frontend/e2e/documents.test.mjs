// The documented information in the window, against the real backend on the demo workspace: a
// change management policy started from its template (the workspace's change models in it), the
// consultant's own text kept through a refresh, approval refused without an approver beside the
// field and then given, the next draft and its difference, DOCX and PDF written and read back,
// a client's Word file imported and a damaged one refused, the document pack.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Harness, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

describe('documents in the window', { timeout: 600000 }, () => {
  const h = new Harness('documents')
  const out = mkdtempSync(join(tmpdir(), 'documents-e2e-'))
  let browser
  let page
  let ref = ''

  function cli(...args) {
    const r = spawnSync(devBin, ['--db', h.db, ...args], { encoding: 'utf8', timeout: 120000, env: { ...process.env, SMSWB_CONFIG_DIR: h.configDir, SMSWB_BACKUP_DIR: h.dir + '/backups' } })
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error}`)
    return r.stdout
  }
  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const body = () => page.locator('[data-testid=doc-body] textarea').inputValue()

  before(async () => {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    h.initDemo(devBin)
    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:documents"]' }))
    await page.click('[data-testid=nav] [data-page="page:documents"]')
    await page.locator('[data-testid=documents]').waitFor()
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
  })

  it('starts a change management policy from its template, filled from the workspace', async () => {
    await page.click('[data-testid=doc-template]')
    await page.keyboard.type('Change management')
    await page.locator('.n-base-select-option', { hasText: '8.5.1.1 Change management policy' }).first().click()
    await page.click('[data-testid=doc-start]')
    await page.locator('[data-testid=doc-ref]').waitFor()
    ref = await text('[data-testid=doc-ref]')
    assert.match(ref, /^POL-\d+$/)
    assert.equal(await text('[data-testid=doc-title]'), 'Change management policy')
    assert.match(await body(), /<!-- generated: records changemodel -->/)
    // the preview marks the generated table, filled with the workspace's standard change models
    const models = JSON.parse(cli('list', 'changemodel', '--json', '--limit', '0'))
    await waitFor('the preview', async () => (await page.locator('[data-testid=doc-preview] .generated table').count()) === 1)
    const preview = await text('[data-testid=doc-preview]')
    for (const m of models) assert.ok(preview.includes(m.ref), `the preview lacks ${m.ref}`)
  })

  it('keeps the consultant’s text through a refresh, approves and starts the next version', async () => {
    const own = 'Our own rule: no change on the last working day of a month.'
    await page.fill('[data-testid=doc-body] textarea', (await body()).replace('## Approval', own + '\n\n## Approval'))
    // the toolbar: a heading made of the line the cursor is on, a link to a record at the cursor
    const area = page.locator('[data-testid=doc-body] textarea')
    await area.evaluate((el) => {
      el.focus()
      el.setSelectionRange(el.value.length, el.value.length)
    })
    await page.keyboard.type('\nContacts\n\nThe change manager keeps ')
    await area.evaluate((el) => el.setSelectionRange(el.value.length - '\n\nThe change manager keeps '.length - 1, el.value.length - '\n\nThe change manager keeps '.length - 1))
    await page.click('[data-testid=doc-toolbar] [data-tool=h2]')
    await area.evaluate((el) => {
      el.focus()
      el.setSelectionRange(el.value.length, el.value.length)
    })
    await page.fill('[data-testid=doc-link-ref] input', 'pol-00001')
    await page.click('[data-testid=doc-toolbar] [data-tool=record]')
    assert.ok((await body()).endsWith('## Contacts\n\nThe change manager keeps [POL-00001](record:POL-00001)'), (await body()).slice(-120))
    await waitFor('the record link in the preview', async () => (await page.locator('[data-testid=doc-preview] a[href="record:POL-00001"]').count()) === 1)
    await page.click('[data-testid=doc-preview] a[href="record:POL-00001"]')
    await waitFor('the record panel', async () => (await text('[data-testid=panel-ref]')) === 'POL-00001')
    await page.keyboard.press('Escape')
    await page.fill('[data-testid=doc-note] input', 'month-end freeze')
    await page.click('[data-testid=doc-save]')
    await waitFor('saved', async () => (await text('[data-testid=doc-message]')) === 'Saved.')
    cli('add', 'changemodel', JSON.stringify({ title: 'Rotate backup tapes', risk: 'low' }))
    await page.click('[data-testid=doc-refresh]')
    await waitFor('refreshed', async () => (await text('[data-testid=doc-message]')).startsWith('Refreshed: records changemodel'))
    const refreshed = await body()
    assert.ok(refreshed.includes('Rotate backup tapes'), 'the new change model is missing')
    assert.ok(refreshed.includes(own), 'the own text was lost')

    await page.click('[data-testid=doc-approve]')
    await page.locator('[data-testid=doc-error-approver]').waitFor()
    assert.equal(await text('[data-testid=doc-error-approver]'), 'name who approves the document')
    await page.fill('[data-testid=doc-approver] input', 'Anna Schmidt')
    await page.click('[data-testid=doc-approve]')
    await waitFor('approved', async () => (await text('[data-testid=doc-status]')) === 'approved, version 1.0')
    assert.equal(await page.locator('[data-testid=doc-version]').count(), 1)
    const shown = JSON.parse(cli('doc', 'show', ref, '--json'))
    assert.equal(shown.versions[0].approved_by, 'Anna Schmidt')
    assert.equal(shown.versions[0].change_note, 'month-end freeze')

    await page.click('[data-testid=doc-new-draft]')
    await waitFor('the next draft', async () => (await text('[data-testid=doc-status]')) === 'draft, version 2.0')
    await page.fill('[data-testid=doc-body] textarea', (await body()).replace(own, 'Our own rule: no change in the last two working days of a month.'))
    await page.click('[data-testid=doc-save]')
    await waitFor('saved', async () => (await text('[data-testid=doc-message]')) === 'Saved.')
    await page.click('[data-testid=doc-diff]')
    const diff = await text('[data-testid=doc-diff-text]')
    assert.ok(diff.includes('-' + own), diff)
    assert.ok(diff.includes('+Our own rule: no change in the last two working days of a month.'), diff)
    await page.setViewportSize({ width: 1400, height: 1100 })
    await sleep(400)
    await page.screenshot({ path: screenshotPath('documents-editor.png') })
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('writes DOCX and PDF that readers open, imports a Word file, refuses a damaged one, writes the pack', async () => {
    const docx = join(out, 'policy.docx')
    await page.fill('[data-testid=doc-export-path] input', docx)
    await page.click('[data-testid=doc-export-docx]')
    await waitFor('the DOCX written', async () => existsSync(docx))
    const xml = spawnSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8' }).stdout
    assert.ok(xml.includes('<w:pStyle w:val="Heading2">'), 'no heading styles')
    assert.ok(xml.includes('Rotate backup tapes'), 'the workspace value is missing')
    const pdf = join(out, 'policy.pdf')
    await page.fill('[data-testid=doc-export-path] input', pdf)
    await page.click('[data-testid=doc-export-pdf]')
    await waitFor('the PDF written', async () => existsSync(pdf))
    const txt = spawnSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')
    assert.ok(txt.includes(`${ref} · Version 2.0 · Draft · Page 1 of`), txt.slice(0, 300))

    // the DOCX just written comes back in as a client's file would
    await page.fill('[data-testid=doc-import-path] input', docx)
    await page.click('[data-testid=doc-import-type]')
    await page.locator('.n-base-select-option', { hasText: 'Change management policy' }).first().click()
    await page.click('[data-testid=doc-import]')
    await waitFor('the imported document', async () => (await text('[data-testid=doc-ref]')) !== ref)
    assert.match(await body(), /Our own rule: no change in the last two working days of a month\./)
    const bad = join(out, 'damaged.docx')
    writeFileSync(bad, 'PK\u0003\u0004 not really a zip')
    await page.fill('[data-testid=doc-import-path] input', bad)
    await page.click('[data-testid=doc-import]')
    await page.locator('[data-testid=doc-import-error]').waitFor()
    assert.match(await text('[data-testid=doc-import-error]'), /^not a Word document \(\.docx\): /)

    const zip = join(out, 'pack.zip')
    await page.fill('[data-testid=doc-pack-path] input', zip)
    await page.click('[data-testid=doc-pack]')
    await page.locator('[data-testid=doc-pack-done]').waitFor()
    const listing = spawnSync('unzip', ['-l', zip], { encoding: 'utf8' }).stdout
    assert.ok(listing.includes('index.xlsx'))
    assert.ok(listing.includes(`${ref} Change management policy v1.0.docx`), listing)
  })
})
