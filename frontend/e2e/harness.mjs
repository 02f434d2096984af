// Shared plumbing of the end-to-end tests: binaries, a throw-away demo workspace, a private Xvfb
// display, the app process, screenshots. Everything started here is killed by cleanup(), also
// when a test fails or the runner is interrupted.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const repoDir = resolve(frontendDir, '..')
export const desktopBin = resolve(frontendDir, process.env.SMSWB_DESKTOP_BIN || '../build/bin/smsworkbench')
export const devBin = resolve(frontendDir, process.env.SMSWB_DEV_BIN || '../build/bin/smsworkbench-dev')
export const outputDir = resolve(process.env.SMSWB_TEST_OUTPUT || join(repoDir, 'test-output'))
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Polls fn until it returns a truthy value; throws with the last error or value after timeoutMs. */
export async function waitFor(what, fn, { timeoutMs = 30000, intervalMs = 250 } = {}) {
  const end = Date.now() + timeoutMs
  let last
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
      last = v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`)
    }
    await sleep(intervalMs)
  }
}

export function requireFile(path, hint) {
  if (!existsSync(path)) throw new Error(`${path} does not exist: ${hint}`)
}

export function screenshotPath(name) {
  mkdirSync(outputDir, { recursive: true })
  return join(outputDir, name)
}

export function freePort() {
  return new Promise((resolveP, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolveP(port))
    })
  })
}

/** A display number nobody uses, derived from the process id so parallel runs rarely collide. */
function freeDisplay() {
  const start = 100 + (process.pid % 800)
  for (let i = 0; i < 200; i++) {
    const n = start + i
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n
  }
  throw new Error('no free X display number')
}

export class Harness {
  constructor(name) {
    this.name = name
    this.procs = []
    this.dir = mkdtempSync(join(tmpdir(), `smswb-${name}-`))
    this.db = join(this.dir, 'demo.smswb')
    // the app's preferences and recent workspaces go here, never to the user's own settings
    this.configDir = join(this.dir, 'config')
    this.logs = new Map()
    this.onExit = () => this.killAll()
    process.on('exit', this.onExit)
    for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130))
  }

  /** Creates the demo workspace with the CLI of the given binary. */
  initDemo(bin) {
    const r = spawnSync(bin, ['--db', this.db, 'init', '--demo'], { encoding: 'utf8', timeout: 60000 })
    if (r.status !== 0) throw new Error(`init --demo failed (${r.status}): ${r.stderr || r.stdout || r.error}`)
    return r.stdout
  }

  /** Starts a process in its own process group, so it and its children can be killed together. */
  start(name, cmd, args, env = {}) {
    const p = spawn(cmd, args, {
      // The user's preferences, backups and data folder are never the real user's.
      env: { ...process.env, SMSWB_CONFIG_DIR: this.configDir, SMSWB_BACKUP_DIR: join(this.dir, 'backups'), XDG_DATA_HOME: join(this.dir, 'data'), ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    const keep = (d) => {
      log += d.toString()
      if (log.length > 20000) log = log.slice(-20000)
    }
    p.stdout.on('data', keep)
    p.stderr.on('data', keep)
    p.exited = new Promise((r) => p.on('exit', (code, signal) => r({ code, signal })))
    p.on('error', (e) => keep(`spawn error: ${e.message}\n`))
    this.logs.set(name, () => log)
    this.procs.push(p)
    return p
  }

  log(name) {
    return this.logs.get(name)?.() ?? ''
  }

  async startXvfb() {
    for (let attempt = 0; attempt < 5; attempt++) {
      const n = freeDisplay()
      const p = this.start('xvfb', 'Xvfb', [`:${n}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'])
      try {
        await waitFor(`Xvfb :${n}`, async () => {
          if (p.exitCode !== null) throw new Error(`Xvfb exited: ${this.log('xvfb')}`)
          return existsSync(`/tmp/.X11-unix/X${n}`)
        }, { timeoutMs: 10000, intervalMs: 100 })
        this.display = `:${n}`
        return this.display
      } catch (e) {
        this.kill(p)
        if (attempt === 4) throw e
      }
    }
  }

  /** The environment of a GUI process on our display. */
  guiEnv(extra = {}) {
    return {
      DISPLAY: this.display,
      GDK_BACKEND: 'x11',
      NO_AT_BRIDGE: '1',
      ...extra,
    }
  }

  /**
   * Starts the dev binary on the workspace (Wails dev server: the real frontend with the real Go
   * bindings), waits until it serves, opens it in Chromium and waits for the selector `ready`.
   * Errors thrown by the app's own scripts are collected in this.pageErrors (a test ends by
   * asserting there are none). Returns { browser, page, url, pageErrors }.
   */
  async startDevApp({ ready = '[data-testid=nav]', timeoutMs = 20000 } = {}) {
    requireFile(devBin, 'build it with: go build -tags dev,desktop -o build/bin/smsworkbench-dev .')
    requireFile(join(frontendDir, 'dist', 'index.html'), 'build the frontend first: npm run build')
    if (!this.display) await this.startXvfb()
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    const app = this.start(
      'app',
      devBin,
      ['--db', this.db],
      this.guiEnv({ devserver: `127.0.0.1:${port}`, assetdir: join(frontendDir, 'dist'), loglevel: 'Warning' }),
    )
    await waitFor(`the dev server at ${url}`, async () => {
      if (app.exitCode !== null) throw new Error(`dev binary exited ${app.exitCode}: ${this.log('app')}`)
      const r = await fetch(url)
      return r.ok && (await r.text()).includes('/wails/ipc.js')
    }, { timeoutMs: 60000 })
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.setDefaultTimeout(timeoutMs)
    this.pageErrors = []
    page.on('pageerror', (e) => {
      // The Wails dev-server script (/wails/ipc.js) throws once on load; only our bundle counts.
      if (!String(e.stack).includes('/wails/')) this.pageErrors.push(e.stack || e.message)
    })
    await page.goto(url)
    await page.waitForSelector(ready)
    return { browser, page, url, pageErrors: this.pageErrors }
  }

  /** Grabs the whole screen of our display as a PNG. */
  grab(path) {
    const r = spawnSync('import', ['-display', this.display, '-window', 'root', path], { encoding: 'utf8', timeout: 30000 })
    if (r.status !== 0) throw new Error(`import failed: ${r.stderr || r.error}`)
    return path
  }

  kill(p) {
    if (p.exitCode !== null || p.signalCode !== null) return
    try {
      process.kill(-p.pid, 'SIGKILL')
    } catch {
      try {
        p.kill('SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  killAll() {
    for (const p of this.procs.slice().reverse()) this.kill(p)
  }

  async cleanup() {
    const procs = this.procs.slice().reverse()
    this.killAll()
    let timer
    await Promise.race([
      Promise.all(procs.map((p) => p.exited)),
      new Promise((r) => (timer = setTimeout(r, 5000))),
    ])
    clearTimeout(timer)
    process.off('exit', this.onExit)
    rmSync(this.dir, { recursive: true, force: true })
  }
}

const axeSource = readFileSync(join(frontendDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now and returns its serious and
 * critical violations, each as "rule: what (selector, …)".
 */
export async function axeProblems(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 4).join(', ')}${v.nodes.length > 4 ? `, … ${v.nodes.length} in all` : ''})`)
}
