// The production binary under Xvfb: WebKitGTK, what Linux users see. The window must come up with
// the navigation and the workspace name drawn, read back from a screenshot with OCR.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Harness, desktopBin, requireFile, screenshotPath, sleep } from './harness.mjs'

function ocr(png) {
  const r = spawnSync('tesseract', [png, 'stdout'], { encoding: 'utf8', timeout: 60000 })
  if (r.status !== 0) throw new Error(`tesseract failed: ${r.stderr || r.error}`)
  return r.stdout
}

test('desktop window shows the navigation and the workspace', { timeout: 180000 }, async (t) => {
  requireFile(desktopBin, 'build it with: go build -tags desktop,production -o build/bin/smsworkbench .')
  const h = new Harness('smoke')
  t.after(() => h.cleanup())

  // What to read comes from the binary itself, not from what the demo happens to hold: the
  // workspace's name as init reports it, and the first register of the navigation, whose list the
  // window opens on.
  const out = h.initDemo(desktopBin)
  const name = /ready: "([^"]+)"/.exec(out)?.[1]
  assert.ok(name, `init did not report the workspace name: ${out}`)
  const kinds = spawnSync(desktopBin, ['--db', h.db, 'kinds', '--json'], { encoding: 'utf8', timeout: 60000 })
  assert.equal(kinds.status, 0, `kinds --json failed: ${kinds.stderr}`)
  const first = JSON.parse(kinds.stdout).find((k) => k.group)
  await h.startXvfb()
  const app = h.start('app', desktopBin, ['--db', h.db], h.guiEnv())

  const shot = join(h.dir, 'shot.png')
  const firstWord = (s) => s.split(/\s+/).find((w) => w.length > 3) ?? s
  const want = [firstWord(name), firstWord(first.plural)]
  const deadline = Date.now() + 60000
  let text = ''
  let missing = want
  // Poll: grab the screen, read it, until every word is there (a blank or half-drawn window
  // reads as nothing).
  while (Date.now() < deadline) {
    if (app.exitCode !== null) {
      assert.fail(`the desktop binary exited with ${app.exitCode}:\n${h.log('app')}`)
    }
    h.grab(shot)
    if (statSync(shot).size > 0) {
      text = ocr(shot)
      missing = want.filter((w) => !text.includes(w))
      if (missing.length === 0) break
    }
    await sleep(2000)
  }
  copyFileSync(shot, screenshotPath('desktop-dashboard.png'))
  assert.deepEqual(missing, [], `OCR of the window lacks ${missing.join(', ')}; it read:\n${text}\napp log:\n${h.log('app')}`)

  // Then with the keyboard alone, as a user may: find an incident (Ctrl+K), see it with its list,
  // close it to the list, start a new one (Alt+N). Each step is read back from the screen.
  const listed = spawnSync(desktopBin, ['--db', h.db, 'list', 'incident', '--limit', '1', '--json'], { encoding: 'utf8', timeout: 60000 })
  assert.equal(listed.status, 0, `list failed: ${listed.stderr}`)
  const inc = JSON.parse(listed.stdout).records?.[0] ?? JSON.parse(listed.stdout)[0]
  const win = xdo(h, ['search', '--name', 'SMS Workbench']).split('\n')[0]
  assert.ok(win, 'no window named SMS Workbench')
  xdo(h, ['windowfocus', '--sync', win])

  const screen = async (name, words) => {
    const end = Date.now() + 30000
    let read = ''
    for (;;) {
      h.grab(shot)
      read = ocr(shot)
      const lacking = words.filter((w) => !read.includes(w))
      if (!lacking.length) break
      if (Date.now() > end) {
        copyFileSync(shot, screenshotPath(`desktop-${name}-failed.png`))
        assert.fail(`${name}: OCR lacks ${lacking.join(', ')}; it read:\n${read}`)
      }
      await sleep(1000)
    }
    copyFileSync(shot, screenshotPath(`desktop-${name}.png`))
  }

  xdo(h, ['key', 'ctrl+k'])
  await sleep(300)
  xdo(h, ['type', '--delay', '60', inc.ref])
  await sleep(1500)
  xdo(h, ['key', 'Return'])
  await screen('record', [inc.ref, 'Details', 'History'])
  xdo(h, ['key', 'Escape'])
  await sleep(800)
  await screen('list', ['Incidents', inc.ref])
  xdo(h, ['key', 'alt+n'])
  await screen('form', ['New incident', 'Description'])
})

/** Runs xdotool on the test's display and returns what it printed. */
function xdo(h, args) {
  const r = spawnSync('xdotool', args, { encoding: 'utf8', timeout: 30000, env: { ...process.env, DISPLAY: h.display } })
  if (r.status !== 0) throw new Error(`xdotool ${args.join(' ')} failed: ${r.stderr || r.error}`)
  return r.stdout.trim()
}
