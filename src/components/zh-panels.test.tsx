// Every panel of every built-in scenario, rendered in Chinese, shows Chinese text that follows
// the typography rules (test/zhTypography.ts) and no English words.
import { render, waitFor } from '@testing-library/react'
import { Suspense } from 'react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../console/index.ts'
import { initI18n } from '../i18n/index.ts'
import { loadAllScenarios, scenarioScript } from '../scenarios/index.ts'
import { problems } from '../../test/zhTypography.ts'
import { PANELS } from './Player/panels.ts'

const SCENARIOS = await loadAllScenarios()

/** An element's text with its <code> parts (console words) back in `backticks`. */
function textOf(el: Element): string {
  let out = ''
  for (const n of el.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) out += n.textContent ?? ''
    else if (n instanceof Element)
      out += n.tagName === 'CODE' ? `\`${n.textContent ?? ''}\`` : textOf(n)
  }
  return out
}

/** The text a reader sees: each element's text where it has its own, and its labels. */
function shownTexts(root: Element): string[] {
  const out: string[] = []
  for (const el of [root, ...root.querySelectorAll('*')]) {
    // Console words render as code (CodeText): code, not English prose.
    if (el.tagName === 'CODE') continue
    const own = [...el.childNodes].some(
      (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
    )
    const text = textOf(el).replace(/\s+/g, ' ').trim()
    if (own && text !== '') out.push(text)
    for (const a of ['aria-label', 'title']) {
      const v = el.getAttribute(a)
      if (v) out.push(v)
    }
  }
  return out
}

describe('panels in Chinese', () => {
  it('show no English and follow Chinese typography', async () => {
    initI18n('zh')
    const report = new Map<string, string>()
    for (const s of SCENARIOS) {
      const { source, phaseOf } = scenarioScript(s)
      const frames = runScript(source, { phaseOf }).trace.frames
      // The last frame of every phase, and every tenth frame.
      const picks = frames.filter((f, i) => i % 10 === 0 || frames[i + 1]?.phaseId !== f.phaseId)
      for (const panel of s.panels) {
        const Panel = PANELS[panel]
        for (const f of picks) {
          const { container, unmount } = render(
            <Suspense fallback={null}>
              <Panel frame={f} />
            </Suspense>,
          )
          await waitFor(() => expect(container.childElementCount).toBeGreaterThan(0))
          for (const text of shownTexts(container)) {
            if (report.has(text)) continue
            // Block elements render apart, so the Latin-spacing rule (kind 'final') is left out here.
            const ps = problems({ source: panel, text, kind: 'template' })
            if (ps.length > 0)
              report.set(text, `${panel} (${s.id} step ${f.index + 1}): ${ps.join('; ')}`)
          }
          unmount()
        }
      }
    }
    if (report.size > 0) console.log([...report].map(([t, w]) => `${w}\n    ${t}`).join('\n'))
    expect(report.size).toBe(0)
  }, 600_000)
})
