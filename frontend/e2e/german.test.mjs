// The window in German, against the real backend on the demo: Deutsch chosen in Settings turns
// the whole window German at once, the navigation groups, lists, columns and values come from the
// declarations' German file (internal/schema/labels_de.json, read here as the second route),
// dates and figures are written the German way, and no message of the English interface is left
// on the pages a consultant uses most. Screenshots go to the test output folder.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Harness, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

const labels = JSON.parse(readFileSync(new URL('../../internal/schema/labels_de.json', import.meta.url), 'utf8'))

/** The English interface's messages: every string value of en.ts, by its key. */
async function englishMessages() {
  const src = readFileSync(new URL('../src/i18n/en.ts', import.meta.url), 'utf8')
  const mod = await import('data:text/javascript,' + encodeURIComponent(src))
  const out = {}
  const walk = (o, p) => {
    for (const [k, v] of Object.entries(o)) typeof v === 'string' ? (out[p + k] = v) : walk(v, p + k + '.')
  }
  walk(mod.default, '')
  return out
}

describe('the window in German', { timeout: 600000 }, () => {
  const h = new Harness('german')
  let browser
  let page

  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const backend = (method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args])

  async function shoot(file, height = 800) {
    await page.setViewportSize({ width: 1280, height })
    await page.mouse.move(1270, height - 10)
    await sleep(500)
    await page.screenshot({ path: screenshotPath(file) })
    await page.setViewportSize({ width: 1280, height: 800 })
  }

  /** The English messages of at least three words, placeholders cut out, found in the page. */
  async function englishLeft(english) {
    const body = await page.locator('body').innerText()
    const found = []
    for (const [key, msg] of Object.entries(english)) {
      for (const part of msg.split(' | ')) {
        for (const piece of part.split(/\{[^}]*\}/)) {
          const words = piece.trim()
          if (words.split(/\s+/).length >= 3 && body.includes(words)) found.push(`${key}: ${words}`)
        }
      }
    }
    return found
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

  it('turns German at once when Deutsch is chosen in Settings', async () => {
    await page.click('[data-testid=settings-button]')
    await page.locator('[data-testid=settings-form]').waitFor()
    await page.click('[data-testid=settings-language]')
    await page.locator('.n-base-select-option', { hasText: 'Deutsch' }).click()
    await page.click('[data-testid=settings-save]')
    await page.locator('[data-testid=settings-saved]').waitFor()
    assert.equal((await backend('Settings')).language, 'de')
    await waitFor('the German words', async () => (await text('[data-testid=settings-saved]')).includes('gespeichert'))
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de')
    // the navigation's groups and registers in the declarations' German
    const nav = (await page.locator('[data-testid=nav]').textContent()).toLowerCase() // groups are shown in capitals
    for (const path of ['group.Resolution and fulfilment', 'group.Service portfolio', 'kind.incident.plural', 'kind.change.plural']) {
      assert.ok(nav.includes(labels[path].toLowerCase()), `the navigation lacks ${labels[path]} (${path})`)
    }
    assert.ok(!nav.includes('resolution and fulfilment'), 'an English group is left in the navigation')
  })

  it('shows a register with German columns, values and dates', async () => {
    await page.click('[data-testid=nav] [data-page="kind:incident"]')
    await page.locator('[data-testid=record-table] .row[data-ref]').first().waitFor()
    const head = await page.locator('[data-testid=record-table] [role=columnheader]').allInnerTexts()
    assert.ok(head.some((h) => h.trim() === labels['field.incident.title']), `columns: ${head.join(' | ')}`)
    assert.ok(head.some((h) => h.trim() === labels['field.incident.opened_at']), `columns: ${head.join(' | ')}`)
    const rows = await page.locator('[data-testid=record-table] .row[data-ref]').allInnerTexts()
    const states = Object.entries(labels).filter(([k]) => k.startsWith('state.incident.')).map(([, v]) => v)
    assert.ok(rows.some((r) => states.some((s) => r.includes(s))), 'no German state in the rows')
    assert.ok(rows.some((r) => /\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\b/.test(r)), `no German date in the rows: ${rows[0]}`)
    assert.ok(!rows.some((r) => /\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b/.test(r)), 'an ISO date is left in the rows')
    await shoot('ui-german-list.png')
  })

  it('leaves no English message on the pages used most', async () => {
    const english = await englishMessages()
    const pages = ['kind:incident', 'page:sync', 'page:backups', 'page:conflicts', 'page:import']
    const left = []
    for (const p of pages) {
      await page.click(`[data-testid=nav] [data-page="${p}"]`)
      await sleep(800)
      left.push(...(await englishLeft(english)).map((f) => `${p}: ${f}`))
    }
    await page.click('[data-testid=settings-button]')
    await page.locator('[data-testid=settings-form]').waitFor()
    left.push(...(await englishLeft(english)).map((f) => `settings: ${f}`))
    assert.deepEqual(left, [])
    await shoot('ui-german-settings.png')
  })

  it('says the texts the workbench computes and a refused value in German', async () => {
    // The readiness of the demo's latest assessment: its figures with a decimal comma, its
    // blockers, what to fix first and the stage-1 checklist in the backend's German.
    await page.click('[data-testid=nav] [data-page="page:assessments"]')
    await page.locator('[data-testid=assessment-row]').first().waitFor()
    assert.match(await text('[data-testid=row-readiness]'), /^\d+,\d %$/)
    await page.locator('[data-testid=assessment-row]').first().click()
    await page.locator('[data-testid=assessment]').waitFor()
    await page.locator('.n-tabs-tab', { hasText: 'Zertifizierungsreife' }).first().click()
    await page.locator('[data-testid=readiness] [data-testid=blocker]').first().waitFor()
    assert.match(await text('[data-testid=readiness-overall]'), /^\d+,\d\s*%$/)
    for (const where of ['[data-testid=assessment] .sub', '[data-testid=stage1-summary]']) {
      const said = await text(where)
      assert.ok(/\d{2}\.\d{2}\.\d{4}/.test(said) && !/\d{4}-\d{2}-\d{2}/.test(said), `${where}: ${said}`)
    }
    const shown = [
      ...(await page.locator('[data-testid=blocker]').allInnerTexts()),
      ...(await page.locator('[data-testid=fix-item]').allInnerTexts()),
    ].join('\n')
    assert.match(shown, /nicht bewertet|Hauptabweichung|übernommen|fehlt/, shown.slice(0, 400))
    for (const english of ['is not assessed', 'major nonconformity', 'carried forward', 'is missing', 'raise the maturity', 'bring ']) {
      assert.ok(!shown.includes(english), `English left among the blockers: ${english}`)
    }
    await shoot('ui-german-readiness.png', 1200)

    // A move the rules refuse: the message beside the move, in German.
    const svc = (await backend('List', 'service', { limit: 1 })).records[0]
    const made = await backend('Create', 'incident', { title: 'Drucker im Lager druckt nicht', service: svc.id })
    await backend('Move', 'incident', made.ref, 'in_progress', '')
    await page.click('[data-testid=nav] [data-page="kind:incident"]')
    await page.fill('[data-testid=list-search] input', 'Lager')
    const row = page.locator(`[data-testid=record-table] [data-ref="${made.ref}"]`)
    await row.waitFor()
    await row.click()
    await page.locator('[data-testid=details]').waitFor()
    await page.click('[data-testid=transitions] button[data-state=resolved]')
    const alert = page.locator('[data-testid=move-error]')
    await alert.waitFor()
    const msg = ((await alert.textContent()) ?? '').trim()
    assert.match(msg, new RegExp(`muss angeben, wie ${labels['kind.incident.label']} ${made.ref} gelöst wurde`), msg)
    assert.ok(!msg.includes('must say how'), msg)
    await shoot('ui-german-refused.png')
  })

  it('raised no errors in the page', () => {
    assert.deepEqual(h.pageErrors, [])
  })
})
