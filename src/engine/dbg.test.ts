import { it } from 'vitest'
import { readFileSync } from 'node:fs'
import { runScript } from '../console/run.ts'
import { ocEventText } from '../console/format/overcommit.ts'
import type { OcEvent } from './index.ts'
it('dbg', () => {
  for (const f of (process.env.OC_FILES ?? '').split(',')) {
    const src = readFileSync(f, 'utf8')
    const r = runScript(src)
    console.log('=== ' + f, r.error ? `ERROR ${r.error.line}:${r.error.column} ${r.error.message}` : '', 'frames', r.trace.frames.length)
    r.trace.frames.forEach((fr, i) => console.log(i, ocEventText(fr.event as OcEvent)))
  }
})
