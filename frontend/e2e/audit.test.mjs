// The audit working papers in the window, against the real backend on the demo workspace: the
// plan written and marked sent, a session added after (the change shown), a checklist question
// answered, an interview, a sample drawn twice with one seed (the same records), a verdict, a
// minor nonconformity's statement, a recommendation the findings contradict refused beside its
// field, the conclusion and the signature; what the window shows is checked against the
// command line, which reads the workspace file, and the report it prints.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Harness, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

describe('the audit working papers in the window', { timeout: 600000 }, () => {
  const h = new Harness('audit')
  let browser
  let page
  let asm = ''

  function cli(...args) {
    const r = spawnSync(devBin, ['--db', h.db, ...args], { encoding: 'utf8', timeout: 120000, env: { ...process.env, SMSWB_CONFIG_DIR: h.configDir, SMSWB_BACKUP_DIR: h.dir + '/backups' } })
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error}`)
    return r.stdout
  }
  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()

  async function shoot(file, height = 2400) {
    await page.setViewportSize({ width: 1280, height })
    await sleep(500)
    await page.screenshot({ path: screenshotPath(file) })
    await page.setViewportSize({ width: 1280, height: 800 })
  }

  before(async () => {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    h.initDemo(devBin)
    asm = JSON.parse(
      cli('assess', 'new', 'Internal audit 2026', '--type', 'internal', '--lead-auditor', 'Zofia Łódź', '--start', '2026-12-07', '--end', '2026-12-08', '--scope', 'Managed workplace'),
    ).ref
    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:assessments"]' }))
    await page.evaluate((ref) => (location.hash = `#/assessments/${ref}`), asm)
    await page.locator('[data-testid=assessment]').waitFor()
    await page.click('[data-testid=audit-tab]')
    await page.locator('[data-testid=audit-view] [data-testid=report-status]').waitFor()
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
  })

  it('writes the plan, marks it sent and shows a session added after as a change', async () => {
    assert.equal(await text('[data-testid=report-status]'), 'Draft of version 1 (not signed)')
    assert.equal(await text('[data-testid=plan-sent]'), 'Not yet sent to the auditee')
    await page.fill('[data-testid=plan-objectives] textarea', 'Confirm incident management runs as documented')
    await page.fill('[data-testid=plan-sites] input', 'Berlin head office')
    await page.fill('[data-testid=session-at] input', '2026-12-07 09:00')
    await page.fill('[data-testid=session-clauses] input', '8.6.1')
    await page.fill('[data-testid=session-auditee] input', 'Emre Demir')
    await page.click('[data-testid=session-add]')
    await waitFor('the session in the agenda', async () => (await page.locator('[data-testid=agenda-row]').count()) === 1)
    await page.click('[data-testid=plan-sent-button]')
    await waitFor('the plan marked sent', async () => (await text('[data-testid=plan-sent]')).startsWith('Sent to the auditee on'))
    // a session with no auditee is refused beside its field, nothing added
    await page.fill('[data-testid=session-at] input', '2026-12-08 10:00')
    await page.fill('[data-testid=session-clauses] input', '9.2')
    await page.click('[data-testid=session-add]')
    await waitFor('the auditee refused', async () => (await page.locator('[data-testid=session-form] .field-error').count()) > 0)
    assert.match(await text('[data-testid=session-form] .field-error'), /needs its auditee/)
    await page.fill('[data-testid=session-auditee] input', 'Lee Park')
    await page.click('[data-testid=session-add]')
    await waitFor('two sessions', async () => (await page.locator('[data-testid=agenda-row]').count()) === 2)
    await page.locator('[data-testid=plan-changes]').waitFor()
    assert.match(await text('[data-testid=plan-changes]'), /session AUS-[0-9A-F]{4}-0002 added: 2026-12-08 10:00, 9\.2 with Lee Park/)
    const plan = cli('audit', 'plan', asm)
    assert.match(plan, /Objectives:\s+Confirm incident management runs as documented/)
    assert.match(plan, /Changed since:/)
  })

  it('answers a checklist question of 8.6.1', async () => {
    await page.click('[data-testid=checklist-clause]')
    await page.keyboard.type('8.6.1')
    await page.locator('.n-base-select-option', { hasText: '8.6.1 Incident management' }).first().click()
    const q = page.locator('[data-testid=checklist-question][data-key=e2]')
    await q.waitFor()
    await q.locator('[data-testid=checklist-notes] input').fill('Matrix seen, approved 2026-03')
    await q.locator('[data-testid=checklist-answer][data-answer=yes]').click()
    await waitFor('the answer saved', async () => {
      const list = JSON.parse(cli('audit', 'checklist', asm, '8.6.1', '--json'))
      const e2 = list.find((x) => x.key === 'e2')
      return e2.answer === 'yes' && e2.notes === 'Matrix seen, approved 2026-03'
    })
  })

  let sample = ''
  it('records an interview and draws a sample twice with one seed: the same records', async () => {
    await page.fill('[data-testid=interview-person] input', 'Emre Demir')
    await page.fill('[data-testid=interview-role] input', 'Service desk lead')
    await page.fill('[data-testid=interview-clauses] input', '8.6.1')
    await page.fill('[data-testid=interview-notes] textarea', 'Major incidents are escalated by phone')
    await page.click('[data-testid=interview-add]')
    await waitFor('the interview listed', async () => (await page.locator('[data-testid=interview-row]').count()) === 1)

    const draw = async () => {
      await page.fill('[data-testid=sample-clause] input', '8.6.1')
      await page.fill('[data-testid=sample-where] textarea', 'priority=1')
      await page.fill('[data-testid=sample-size] input', '4')
      await page.fill('[data-testid=sample-seed] input', '4711')
      const before = await page.locator('[data-testid=sample]').count()
      await page.click('[data-testid=sample-draw]')
      await waitFor('the sample drawn', async () => (await page.locator('[data-testid=sample]').count()) === before + 1)
    }
    await draw()
    await draw()
    const samples = page.locator('[data-testid=sample]')
    const refsOf = async (i) => samples.nth(i).locator('[data-testid=sample-item]').evaluateAll((rows) => rows.map((r) => r.dataset.record))
    const one = await refsOf(0)
    assert.equal(one.length, 4)
    assert.deepEqual(await refsOf(1), one)
    sample = await samples.nth(0).getAttribute('data-ref')
    // the same seed from the command line draws the same records again
    const again = JSON.parse(cli('audit', 'sample', asm, '8.6.1', '--kind', 'incident', '--where', 'priority=1', '--size', '4', '--seed', '4711', '--json'))
    assert.deepEqual(
      again.items.map((x) => x.ref),
      one,
    )
    // a verdict without its reason is refused; with it, counted
    const item = samples.nth(0).locator('[data-testid=sample-item]').nth(1)
    await item.locator('[data-testid=sample-no]').click()
    await page.locator('[data-testid=judge-error]').waitFor()
    assert.match(await text('[data-testid=judge-error]'), /say why/)
    await item.locator('[data-testid=sample-note] input').fill('no major incident review')
    await item.locator('[data-testid=sample-no]').click()
    await waitFor('the verdict counted', async () => JSON.parse(cli('audit', 'sample', 'show', sample, '--json')).failed === 1)
  })

  it('writes a minor nonconformity as a statement, refuses a contradicted recommendation, concludes and signs', async () => {
    // raised through the backend the window calls (the dialog is the compliance test's)
    const f = (
      await page.evaluate(
        ([a]) => window.go.app.App.RaiseFinding(a, '8.6.1', { title: 'Major incident reviews not held', grade: 'minor', description: '', evidence: '', raised_by: '', owner: 'Emre Demir', due: '', nonconformity: null }),
        [asm],
      )
    ).ref
    await waitFor('the finding shown', async () => (await page.locator(`[data-testid=statement][data-ref="${f}"]`).count()) === 1, { timeoutMs: 30000 })
    await page.locator(`[data-testid=statement][data-ref="${f}"] [data-testid=statement-edit]`).click()
    await page.locator('[data-testid=statement-dialog]').waitFor()
    await page.fill('[data-testid=statement-requirement] textarea', 'Every major incident is reviewed (incident procedure, section 5).')
    await page.fill('[data-testid=statement-evidence] textarea', 'One of four sampled priority-1 incidents had no review.')
    await page.fill('[data-testid=statement-records] input', sample)
    await page.fill('[data-testid=statement-statement] textarea', 'Major incidents are not always reviewed after resolution.')
    await page.click('[data-testid=statement-save]')
    await waitFor('the statement written', async () => (await text(`[data-testid=statement][data-ref="${f}"] [data-testid=statement-text]`)) === 'Major incidents are not always reviewed after resolution.')

    // recommending certification over a minor without an accepted plan is refused beside the field
    await page.fill('[data-testid=conclusion] textarea', 'Incident management is implemented; reviews are not yet consistent.')
    await page.click('[data-testid=recommendation]')
    await page.locator('.n-base-select-option', { hasText: 'Certification recommended' }).first().click()
    await page.click('[data-testid=conclusion-save]')
    await page.locator('[data-testid=recommendation-error]').waitFor()
    assert.match(await text('[data-testid=recommendation-error]'), /has no accepted correction plan/)
    await page.click('[data-testid=recommendation]')
    await page.locator('.n-base-select-option', { hasText: 'Recommended once the minor' }).first().click()
    await page.fill('[data-testid=distribution] input', 'CIO; SMS manager')
    await page.click('[data-testid=conclusion-save]')
    await waitFor('the conclusion in the summary', async () => (await text('[data-testid=report-summary]')).includes('The lead auditor recommends certification once'))
    const summary = await text('[data-testid=report-summary]')
    assert.match(summary, /Zofia Łódź led an internal audit of the service management system \(scope: Managed workplace\) from 7 December 2026 to 8 December 2026/)
    assert.match(summary, /interviewed one person and examined three samples of twelve records, one of which did not conform/)
    assert.match(summary, /The audit raised one minor nonconformity \(8\.6\.1: Major incident reviews not held\)/)

    await shoot('audit-working-papers.png')
    await page.fill('[data-testid=sign-names] textarea', 'Zofia Łódź')
    await page.click('[data-testid=sign]')
    await waitFor('the report final', async () => (await text('[data-testid=report-status]')).startsWith('Final, version 1, signed by Zofia Łódź'))
    assert.equal(await page.locator('[data-testid=version-row]').count(), 1)
    // signing it again unchanged is refused, in one line
    await page.fill('[data-testid=sign-names] textarea', 'Zofia Łódź')
    await page.click('[data-testid=sign]')
    await waitFor('the refusal', async () => (await page.locator('[data-testid=sign-error-name]').count()) === 1)
    assert.match(await text('[data-testid=sign-error-name]'), /nothing has changed since/)

    // the signed version, written by the command line, is the report the window signed
    const dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'))
    cli('audit', 'report', asm, '--version', '1', '--pdf', join(dir, 'v1.pdf'))
    assert.ok(readFileSync(join(dir, 'v1.pdf')).subarray(0, 5).toString() === '%PDF-')
    const txt = spawnSync('pdftotext', ['-raw', join(dir, 'v1.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')
    for (const want of [
      'final, version 1, signed by Zofia Łódź',
      'Statement of nonconformity Major incidents are not always reviewed after resolution.',
      'Objective evidence One of four sampled priority-1 incidents had no review.',
      'DOES NOT CONFORM no major incident review',
      'Confirm incident management runs as documented',
      ...one4(),
    ]) {
      assert.ok(txt.includes(want), `the signed report lacks ${want}`)
    }
    function one4() {
      return JSON.parse(cli('audit', 'sample', 'show', sample, '--json')).items.map((x) => x.ref)
    }
  })
})
