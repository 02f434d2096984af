// Sync by bundles in the window, against the real backend: the Conflicts page on a conflict made
// with the command line (two copies of the demo edit one incident's title and urgency at the same
// time, then exchange bundles), a bundle written from the Sync page and imported into another
// workspace with its summary, and a wrong passphrase that changes nothing. Files are typed into
// the fields, as a user may do instead of using the system's dialogs.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Harness, devBin, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

describe('sync by bundles in the window', { timeout: 600000 }, () => {
  const h = new Harness('sync')
  let browser
  let page
  const workspaceB = join(h.dir, 'b.smswb')
  const workspaceC = join(h.dir, 'c.smswb')
  const passFile = join(h.dir, 'pass')
  /** The incident both copies edited, and what each wrote. */
  const inc = { ref: '', titleA: 'Kestrel mail relay rejects attachments', titleB: 'Kestrel mail relay drops large attachments' }

  /** Runs a command of the CLI on a workspace; returns its standard output. */
  function cli(db, ...args) {
    const r = spawnSync(devBin, ['--db', db, ...args], { encoding: 'utf8', timeout: 120000, env: { ...process.env, SMSWB_CONFIG_DIR: h.configDir, SMSWB_BACKUP_DIR: h.dir + '/backups' } })
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error}`)
    return r.stdout
  }

  const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const backend = (method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args])

  /** A screenshot of a whole page of the main area, in a window tall enough to hold it. */
  async function shootPage(file) {
    await page.setViewportSize({ width: 1280, height: 1640 })
    await page.mouse.move(640, 1500) // no tooltip in the picture
    await page.evaluate(() => document.querySelector('.page')?.scrollTo(0, 0))
    await sleep(400)
    await page.screenshot({ path: screenshotPath(file) })
    await page.setViewportSize({ width: 1280, height: 800 })
  }

  async function showPage(name) {
    await page.click(`[data-testid=nav] [data-page="page:${name}"]`)
    await page.locator(`[data-testid=${name}]`).waitFor()
  }

  before(async () => {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    // A: the demo. B: an empty workspace that becomes A's copy through a plain bundle.
    h.initDemo(devBin)
    const full = join(h.dir, 'full.smsb')
    cli(h.db, 'bundle', 'export', '--plain', '--out', full)
    cli(workspaceB, 'init', '--name', 'Laptop B')
    cli(workspaceB, 'bundle', 'import', full)
    // The same incident edited on both before they exchange bundles: its title and its urgency.
    const first = JSON.parse(cli(h.db, 'list', 'incident', '--where', 'status=new', '--limit', '1', '--json'))[0]
    inc.ref = first.ref
    // two urgencies, each a change from the one it has (a write of the same value is no change)
    const [urgencyA, urgencyB] = [1, 2, 3].filter((u) => u !== first.urgency)
    cli(h.db, 'set', 'incident', inc.ref, JSON.stringify({ title: inc.titleA, urgency: urgencyA }))
    cli(workspaceB, 'set', 'incident', inc.ref, JSON.stringify({ title: inc.titleB, urgency: urgencyB }))
    writeFileSync(passFile, 'kestrel pass\n')
    const toA = join(h.dir, 'b-to-a.smsb')
    const toB = join(h.dir, 'a-to-b.smsb')
    cli(workspaceB, 'bundle', 'export', '--passphrase-file', passFile, '--out', toA)
    cli(h.db, 'bundle', 'export', '--passphrase-file', passFile, '--out', toB)
    assert.match(cli(h.db, 'bundle', 'import', '--passphrase-file', passFile, toA), /conflicts: 2 opened/)
    cli(workspaceB, 'bundle', 'import', '--passphrase-file', passFile, toB)
    // C: an empty workspace, for the import from the window.
    cli(workspaceC, 'init', '--name', 'Laptop C')

    ;({ browser, page } = await h.startDevApp({ ready: '[data-testid=nav] [data-page="page:conflicts"]' }))
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await h.cleanup()
  })

  it('shows a conflict with both values side by side; Keep this closes it and the badge drops', async () => {
    await waitFor('the badge of two conflicts', async () => (await text('[data-testid=count-conflicts]')) === '2')
    await showPage('conflicts')
    const cards = page.locator(`[data-testid=conflict][data-ref="${inc.ref}"]`)
    await waitFor('both conflicts', async () => (await cards.count()) === 2)
    const titleCard = page.locator('[data-testid=conflict]', { has: page.locator('[data-testid=conflict-field]', { hasText: /^Summary$|^Title$/ }) })
    assert.equal(await titleCard.count(), 1, 'no conflict on the title')
    const values = await titleCard.locator('[data-testid=option-value]').allTextContents()
    assert.deepEqual(values.map((v) => v.trim()).sort(), [inc.titleA, inc.titleB].sort())
    // side by side: the two options on one row
    const boxes = await titleCard.locator('[data-testid=conflict-option]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top))
    assert.equal(boxes.length, 2)
    assert.ok(Math.abs(boxes[0] - boxes[1]) < 2, `the options are not side by side: ${boxes}`)
    // who wrote each, on which copy
    const optionB = titleCard.locator('[data-testid=conflict-option]', { hasText: inc.titleB })
    assert.doesNotMatch(await optionB.textContent(), /this copy/)
    assert.match(await titleCard.locator('[data-testid=conflict-option]', { hasText: inc.titleA }).textContent(), /this copy/)
    assert.match(await titleCard.locator('[data-testid=conflict-shown]').textContent(), /Kestrel mail relay/)
    await sleep(300)
    await page.screenshot({ path: screenshotPath('ui-conflicts.png') })

    await optionB.locator('[data-testid=keep]').click()
    await waitFor('the title conflict closed', async () => (await cards.count()) === 1)
    await waitFor('the badge at one', async () => (await text('[data-testid=count-conflicts]')) === '1')
    assert.equal((await backend('Get', 'incident', inc.ref)).title, inc.titleB)
    assert.equal((await backend('Conflicts')).length, 1)
    assert.match(await text('[data-testid=conflicts-count]'), /^1 open$/)

    // The record and its history open in the panel from the conflict.
    await page.locator('[data-testid=conflict-history]').first().click()
    await waitFor(`${inc.ref} in the panel`, async () => (await text('[data-testid=panel-ref]')) === inc.ref)
    await waitFor('the history tab', async () => (await text('.n-drawer .n-tabs-tab--active')) === 'History')
    await page.locator('.n-drawer-header .n-base-close').first().click()
    await page.locator('.n-drawer').waitFor({ state: 'detached' })
  })

  it('shows the conflicts page in the dark theme too', async () => {
    await page.click('[data-testid=theme-toggle]')
    await waitFor('the dark theme', async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark')
    await page.mouse.move(640, 600) // no tooltip in the picture
    await sleep(400)
    await page.screenshot({ path: screenshotPath('ui-conflicts-dark.png') })
    await page.click('[data-testid=theme-toggle]')
    await waitFor('the light theme', async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === 'light')
  })

  let exported
  it('writes a bundle for everyone with a passphrase from the Sync page', async () => {
    await showPage('sync')
    const st = await backend('SyncStatus')
    await waitFor('the fingerprint', async () => (await text('[data-testid=sync-fingerprint]')) === st.fingerprint)
    // B is a peer, with what it acknowledged
    const peerB = page.locator('[data-testid=peer]')
    assert.equal(await peerB.count(), 1)
    assert.match(await peerB.textContent(), new RegExp(st.peers[0].fingerprint))
    assert.match(await text('[data-testid=peer-ack]'), /[\d,]+ of [\d,]+ ops written here/)

    const file = join(h.dir, 'from-a.smsb')
    await page.fill('[data-testid=export-passphrase] input', 'osprey 42')
    await page.fill('[data-testid=export-confirm] input', 'osprey 24')
    await page.fill('[data-testid=export-path] input', file)
    await page.click('[data-testid=export-button]')
    await waitFor('the mismatch beside the confirmation', async () => (await text('[data-testid=export-error-confirm]')) === 'The two passphrases differ')
    assert.equal(existsSync(file), false)
    await page.fill('[data-testid=export-confirm] input', 'osprey 42')
    await page.click('[data-testid=export-button]')
    await page.locator('[data-testid=export-result]').waitFor()
    assert.match(await text('[data-testid=export-result]'), /^Wrote from-a\.smsb: [\d,]+ ops of [\d,]+ records, encrypted\.$/)
    assert.ok(existsSync(file), 'no bundle written')
    exported = { file, ops: st.held }
    await shootPage('ui-sync.png')
  })

  it('refuses a wrong passphrase beside the field and changes nothing', async () => {
    await backend('OpenWorkspace', workspaceC)
    await waitFor('workspace C', async () => (await text('[data-testid=workspace-name] .ws-name')) === 'Laptop C')
    await showPage('sync')
    await waitFor('C has no peer', async () => (await page.locator('[data-testid=peers]').textContent()).includes('No peers yet'))
    const before = await backend('SyncStatus')
    assert.equal(before.held, 0)
    await page.fill('[data-testid=import-path] input', exported.file)
    await page.fill('[data-testid=import-passphrase] input', 'osprey 43')
    await page.click('[data-testid=import-button]')
    await waitFor('the error beside the passphrase', async () => /wrong passphrase/.test(await text('[data-testid=import-error-passphrase]')), { timeoutMs: 60000 })
    assert.equal(await page.locator('[data-testid=import-error-path]').count(), 0)
    assert.equal(await page.locator('[data-testid=import-result]').count(), 0)
    const afterWrong = await backend('SyncStatus')
    assert.equal(afterWrong.held, 0)
    assert.deepEqual(afterWrong.peers, [])
    assert.equal((await backend('Workspace')).counts.incident, 0)
    assert.equal(await page.locator('[data-testid=jobs] [data-state=failed]').count(), 1)
    await page.locator('[data-testid=jobs] .n-button').first().click()
  })

  it('imports the bundle into another workspace with progress, then sums up what came', async () => {
    await page.fill('[data-testid=import-passphrase] input', 'osprey 42')
    await page.click('[data-testid=import-check]')
    await page.locator('[data-testid=import-inspection]').waitFor({ timeout: 60000 })
    assert.match(await text('[data-testid=import-inspection]'), /Signature and parts verified/)

    await page.click('[data-testid=import-button]')
    // the job shows in the jobs bar while it runs, or has ended there
    await page.locator('[data-testid=jobs] [data-state]').first().waitFor()
    await page.locator('[data-testid=import-result]').waitFor({ timeout: 120000 })
    const summary = page.locator('[data-testid=import-result]')
    assert.equal(await summary.getAttribute('data-nothing'), 'no')
    const newOps = Number((await text('[data-testid=import-ops-new]')).match(/([\d,]+) new ops/)[1].replace(/,/g, ''))
    assert.equal(newOps, exported.ops)
    assert.match(await text('[data-testid=import-records]'), /[\d,]+ records touched/)
    // A's remaining conflict came with the bundle: it is open here too, linked
    const link = page.locator('[data-testid=import-opened] a')
    assert.equal(await link.count(), 1)
    const ws = await backend('Workspace')
    assert.ok(ws.counts.incident > 0, 'no incidents imported')
    await waitFor('the counts shown', async () => (await text('[data-testid=count-incident]')) === String(ws.counts.incident))
    await waitFor('the badge of C', async () => (await text('[data-testid=count-conflicts]')) === '1')
    await shootPage('ui-sync-import.png')

    // The link of the conflict opened leads to it on the Conflicts page.
    const id = (await link.textContent()).trim()
    await link.click()
    await page.locator(`[data-testid=conflict][data-conflict-id="${id}"].wanted`).waitFor()
    assert.equal(await page.locator('[data-testid=conflict]').count(), 1)

    // The same bundle again: nothing new, said plainly.
    await showPage('sync')
    await page.fill('[data-testid=import-path] input', exported.file)
    await page.fill('[data-testid=import-passphrase] input', 'osprey 42')
    await page.click('[data-testid=import-button]')
    await page.locator('[data-testid=import-result][data-nothing=yes]').waitFor({ timeout: 120000 })
    assert.match(await text('[data-testid=import-result]'), /^Nothing new: this copy already holds all [\d,]+ ops of this bundle/)
    const peers = await backend('SyncStatus')
    assert.equal(peers.peers.length, 1, 'A is not a peer of C')

    // The page in the dark theme.
    await page.click('[data-testid=theme-toggle]')
    await waitFor('the dark theme', async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark')
    await shootPage('ui-sync-dark.png')
    await page.click('[data-testid=theme-toggle]')
    await waitFor('the light theme', async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === 'light')
  })

  it('exchanges through a shared folder and lists its copies, how far behind each is', async () => {
    const share = join(h.dir, 'share')
    mkdirSync(share)
    // B writes its file into the folder (making the folder's team key) with the team's passphrase.
    const fromB = JSON.parse(cli(workspaceB, 'sync', 'folder', share, '--passphrase-file', passFile, '--json'))
    const bHeld = Object.values(fromB.manifest.have).reduce((a, n) => a + n, 0)
    assert.ok(existsSync(join(share, 'smsworkbench-team.key')), 'no team key in the folder')
    await showPage('sync')
    await page.fill('[data-testid=folder-path] input', share)
    // A wrong passphrase is refused beside the field; nothing is written.
    await page.fill('[data-testid=folder-passphrase] input', 'not the team passphrase')
    await page.click('[data-testid=folder-sync]')
    await waitFor('the error beside the passphrase', async () => /team key/.test(await text('[data-testid=folder-error-passphrase]')), { timeoutMs: 60000 })
    assert.equal(readdirSync(share).filter((f) => f.endsWith('.smsb')).length, 1)
    await page.locator('[data-testid=jobs] .n-button').first().click()

    await page.fill('[data-testid=folder-passphrase] input', 'kestrel pass')
    await page.click('[data-testid=folder-sync]')
    await page.locator('[data-testid=folder-copies]').waitFor({ timeout: 120000 })
    // B is listed by name, behind by the ops this copy (C) holds and B did not when it wrote
    // its file: every op B holds came to C through A's bundle.
    const st = await backend('SyncStatus')
    const rowB = page.locator(`[data-testid=folder-copies] tr[data-site="${fromB.manifest.sender.site_id}"]`)
    assert.equal((await rowB.locator('td').first().textContent()).trim(), `${fromB.manifest.sender.name} …${fromB.manifest.sender.site_id.slice(-8)}`)
    const behind = st.held - bHeld
    assert.ok(behind > 0, `C holds ${st.held} ops, B ${bHeld}`)
    assert.match(await rowB.locator('td').nth(2).textContent(), new RegExp(`^${behind.toLocaleString('en-US')} changes?$`))
    assert.equal(readdirSync(share).filter((f) => f.endsWith('.smsb')).length, 2)
    await shootPage('ui-sync-folder.png')
  })

  it('raised no errors in the page', () => {
    assert.deepEqual(h.pageErrors, [])
  })
})
