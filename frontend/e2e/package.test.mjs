// The Debian package of `make release`, checked and then installed for real: its control fields
// and file list, `apt-get install` of the .deb, /usr/bin/smsworkbench --version, the installed
// binary's window under Xvfb on a first start in a throw-away home (it must create the demo
// workspace in the XDG data folder and show it), then `apt-get remove`.
//
// Run by `make release-check` (and so `make test`) after `make release`; needs root or password-less
// sudo, like build/scripts/install-deps.sh. It replaces an smsworkbench package already installed
// on the machine and removes it at the end.
//
// SMSWB_RELEASE_VERSION: the version the release was built with (git describe); SMSWB_DIST_DIR:
// where the artefacts are (dist/).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Harness, repoDir, requireFile, screenshotPath, sleep, waitFor } from './harness.mjs'

const distDir = resolve(process.env.SMSWB_DIST_DIR || join(repoDir, 'dist'))
const installedBin = '/usr/bin/smsworkbench'
const asRoot = process.getuid() === 0 ? [] : ['sudo', '-n']

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300000, maxBuffer: 64 << 20, ...opts })
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`)
  return r
}

function ok(cmd, args, opts) {
  const r = run(cmd, args, opts)
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`)
  return r.stdout
}

function root(cmd, args) {
  const all = [...asRoot, cmd, ...args]
  return ok(all[0], all.slice(1), { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

const apt = (...args) => root('apt-get', ['-y', '-q', '-o', 'DPkg::Lock::Timeout=300', ...args])

/** The release's versions, derived by the same code as the release (build/release). */
function versions() {
  const out = ok('go', ['run', './build/release/cmd/version', '-describe', process.env.SMSWB_RELEASE_VERSION || ''], { cwd: repoDir })
  const v = {}
  for (const m of out.matchAll(/^(\w+)='(.*)'$/gm)) v[m[1]] = m[2].replaceAll(`'\\''`, "'")
  assert.ok(v.VERSION && v.DEBVERSION, `no versions in: ${out}`)
  return v
}

/** dpkg-deb -f as an object (continuation lines joined). */
function controlFields(deb) {
  const fields = {}
  let last
  for (const line of ok('dpkg-deb', ['-f', deb]).split('\n')) {
    if (/^\s/.test(line) && last) fields[last] += '\n' + line.trim()
    else if (line.includes(':')) {
      last = line.slice(0, line.indexOf(':'))
      fields[last] = line.slice(line.indexOf(':') + 1).trim()
    }
  }
  return fields
}

/** The package that holds a shared library, by its file name. */
function packageOf(soname) {
  const out = ok('dpkg', ['-S', `*/${soname}`])
  return out.split('\n')[0].split(':')[0]
}

function installedStatus() {
  const r = run('dpkg-query', ['-W', '-f', '${Status} ${Version}', 'smsworkbench'])
  return r.status === 0 ? r.stdout.trim() : ''
}

function ocr(png) {
  return ok('tesseract', [png, 'stdout'], { timeout: 60000 })
}

test('the .deb installs, starts the window on a demo workspace, and removes cleanly', { timeout: 600000 }, async (t) => {
  const v = versions()
  const deb = join(distDir, `smsworkbench_${v.DEBVERSION}_amd64.deb`)
  requireFile(deb, 'build the release first: make release')
  const h = new Harness('package')
  t.after(async () => {
    if (installedStatus().includes(' installed')) {
      try {
        apt('remove', 'smsworkbench')
      } catch (e) {
        console.error(`could not remove the package: ${e.message}`)
      }
    }
    await h.cleanup()
  })

  // The control fields: the version of this release, and the runtime libraries the binary links,
  // each by the package that holds it on this machine (libwebkit2gtk-4.0-37, libgtk-3-0, ...).
  const f = controlFields(deb)
  console.log(ok('dpkg-deb', ['-f', deb]))
  assert.equal(f.Package, 'smsworkbench')
  assert.equal(f.Version, v.DEBVERSION)
  assert.equal(f.Architecture, 'amd64')
  assert.ok(f.Maintainer, 'no Maintainer')
  assert.match(f.Description ?? '', /ISO\/IEC 20000-1/)
  assert.equal(run('dpkg', ['--validate-version', f.Version]).status, 0, `${f.Version} is not a valid Debian version`)
  const depends = (f.Depends ?? '').split(',').flatMap((alt) => alt.split('|').map((d) => d.trim().split(/[\s(]/)[0]))

  const x = join(h.dir, 'deb')
  ok('dpkg-deb', ['-x', deb, x])
  const needed = [...ok('readelf', ['-d', join(x, 'usr/bin/smsworkbench')]).matchAll(/\(NEEDED\).*\[(.+)\]/g)].map((m) => m[1])
  assert.ok(needed.some((l) => l.startsWith('libwebkit2gtk-')), `the binary does not link WebKitGTK: ${needed}`)
  assert.ok(needed.some((l) => l.startsWith('libgtk-3')), `the binary does not link GTK 3: ${needed}`)
  for (const lib of needed) {
    const pkg = packageOf(lib)
    assert.ok(depends.includes(pkg), `${lib} comes from ${pkg}, which Depends lacks: ${f.Depends}`)
  }
  const payload = ok('du', ['-sk', '--exclude=DEBIAN', x]).split('\t')[0]
  assert.ok(Math.abs(Number(f['Installed-Size']) - Number(payload)) <= 8, `Installed-Size ${f['Installed-Size']} KiB, the files take ${payload} KiB`)

  // The file list: exactly these files, root's, with these modes; nothing outside /usr.
  const listing = ok('dpkg-deb', ['-c', deb])
  console.log(listing)
  const files = {}
  for (const line of listing.trim().split('\n')) {
    const [mode, owner, , , , path] = line.trim().split(/\s+/)
    assert.equal(owner, 'root/root', `${path} is owned by ${owner}`)
    assert.ok(path === './' || path.startsWith('./usr/'), `${path} is outside /usr`)
    if (mode.startsWith('-')) files[path.slice(1)] = mode
  }
  assert.deepEqual(files, {
    '/usr/bin/smsworkbench': '-rwxr-xr-x',
    '/usr/share/applications/smsworkbench.desktop': '-rw-r--r--',
    '/usr/share/icons/hicolor/256x256/apps/smsworkbench.png': '-rw-r--r--',
    '/usr/share/icons/hicolor/48x48/apps/smsworkbench.png': '-rw-r--r--',
  })
  const desktopFile = join(x, 'usr/share/applications/smsworkbench.desktop')
  ok('desktop-file-validate', [desktopFile])
  const desktop = readFileSync(desktopFile, 'utf8')
  assert.match(desktop, /^Exec=smsworkbench$/m)
  assert.match(desktop, /^Icon=smsworkbench$/m)

  // Install it, as a user would.
  const t0 = Date.now()
  apt('install', '--no-install-recommends', '--allow-downgrades', deb)
  console.log(`apt-get install took ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  assert.equal(installedStatus(), `install ok installed ${v.DEBVERSION}`)
  const owned = ok('dpkg', ['-L', 'smsworkbench']).split('\n')
  for (const p of Object.keys(files)) assert.ok(owned.includes(p), `dpkg -L lacks ${p}`)
  assert.ok(statSync(installedBin).mode & 0o111, `${installedBin} is not executable`)
  assert.equal(ok(installedBin, ['--version']).trim(), `smsworkbench ${v.VERSION}`)

  // First start in an empty home: no arguments, so the workspace in the XDG data folder, filled
  // with the demo SMS.
  const home = join(h.dir, 'home')
  const env = {
    HOME: home,
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
    SMSWB_CONFIG_DIR: join(home, 'smswb-config'),
    SMSWB_BACKUP_DIR: join(home, 'smswb-backups'),
  }
  for (const d of Object.values(env)) mkdirSync(d, { recursive: true })
  delete process.env.SMSWB_DB
  const workspace = join(env.XDG_DATA_HOME, 'smsworkbench', 'workspace.smswb')
  assert.ok(!existsSync(workspace))
  await h.startXvfb()
  const app = h.start('app', installedBin, [], h.guiEnv(env))
  const xdo = (args) => run('xdotool', args, { env: { ...process.env, DISPLAY: h.display }, timeout: 30000 })

  const win = await waitFor('the installed binary\'s window', () => {
    if (app.exitCode !== null) throw new Error(`${installedBin} exited ${app.exitCode}:\n${h.log('app')}`)
    const r = xdo(['search', '--onlyvisible', '--name', '^SMS Workbench'])
    return r.status === 0 && r.stdout.trim().split('\n')[0]
  }, { timeoutMs: 180000, intervalMs: 500 })
  assert.ok(existsSync(workspace), `no workspace at ${workspace} once the window is up`)
  // The desktop matches the window to smsworkbench.desktop by its WM_CLASS.
  const wmClass = run('xprop', ['-id', win, 'WM_CLASS'], { env: { ...process.env, DISPLAY: h.display } }).stdout
  const startupClass = /^StartupWMClass=(.+)$/m.exec(desktop)?.[1]
  assert.ok(startupClass && wmClass.includes(`"${startupClass}"`), `the window's ${wmClass.trim()} does not match StartupWMClass=${startupClass}`)
  const title = xdo(['getwindowname', win]).stdout.trim()
  const name = title.split(' — ')[1]
  assert.ok(name, `the window's title names no workspace: ${JSON.stringify(title)}`)

  // The window draws the workspace, read back from the screen.
  const shot = join(h.dir, 'shot.png')
  const word = name.split(/\s+/).find((w) => w.length > 3) ?? name
  const deadline = Date.now() + 90000
  let text = ''
  for (;;) {
    if (app.exitCode !== null) assert.fail(`${installedBin} exited ${app.exitCode}:\n${h.log('app')}`)
    h.grab(shot)
    text = ocr(shot)
    if (text.includes(word) || Date.now() > deadline) break
    await sleep(2000)
  }
  copyFileSync(shot, screenshotPath('package-deb-window.png'))
  assert.ok(text.includes(word), `OCR of the window lacks ${word}; it read:\n${text}\napp log:\n${h.log('app')}`)

  // Close it, then the workspace it made: the same name, and the demo's records.
  process.kill(-app.pid, 'SIGTERM')
  const exit = await Promise.race([app.exited, sleep(15000).then(() => null)])
  assert.ok(exit, `${installedBin} did not stop on SIGTERM`)
  const ready = ok(installedBin, ['--db', workspace, 'init'], { env: { ...process.env, ...env } })
  const m = /ready: "([^"]+)", (\d+) records/.exec(ready)
  assert.ok(m, `init did not report the workspace: ${ready}`)
  assert.equal(m[1], name, 'the window showed another workspace than the one in the data folder')
  assert.ok(Number(m[2]) > 1000, `the demo workspace holds only ${m[2]} records`)

  // Remove the package: its files go, the user's workspace stays.
  apt('remove', 'smsworkbench')
  assert.ok(!installedStatus().includes(' installed'), `still installed: ${installedStatus()}`)
  for (const p of Object.keys(files)) assert.ok(!existsSync(p), `${p} is still there after apt-get remove`)
  assert.ok(existsSync(workspace), 'removing the package removed the user\'s workspace')
})
