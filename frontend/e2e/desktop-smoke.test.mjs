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
  copyFileSync(shot, screenshotPath('desktop-smoke.png'))
  assert.deepEqual(missing, [], `OCR of the window lacks ${missing.join(', ')}; it read:\n${text}\napp log:\n${h.log('app')}`)
})
