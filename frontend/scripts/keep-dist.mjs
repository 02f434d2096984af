// vite empties dist/ on every build; the Go side embeds frontend/dist and needs the committed,
// empty placeholder to exist in a fresh clone, so put it back (empty) after each build.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
mkdirSync(dist, { recursive: true })
writeFileSync(join(dist, '.gitkeep'), '')
