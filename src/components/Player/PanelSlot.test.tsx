// A step re-renders only the panels whose picture it changes (issue #14): counted with the
// per-panel performance.measure() entries the stage makes for every panel render.
import { act, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PANEL_LAYOUTS, layoutKey } from '../../../test/panelLayouts.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { type PanelId, type Scenario, loadScenario, scenarioScript } from '../../scenarios/index.ts'
import { loadRuntime } from '../../state/runtime.ts'
import { resetVmStore, vmStore } from '../../state/store.ts'
import { PlayerView } from './PlayerView.tsx'
import { focusPanel } from './focusOwner.ts'
import { panelMeasure } from './panelTiming.ts'

const { runScript } = await loadRuntime()

const renders = (id: PanelId): number =>
  performance.getEntriesByName(panelMeasure(id, 'render')).length

async function scenario(id: string): Promise<{ s: Scenario; frames: readonly Frame[] }> {
  const s = await loadScenario(id)
  if (!s) throw new Error(id)
  const { source, phaseOf } = scenarioScript(s)
  return { s, frames: runScript(source, { phaseOf }).trace.frames }
}

/**
 * The first step after which panel `same` looks as before (test/panelLayouts.ts, independent
 * of the stage's own check) and keeps or lacks the focus as before, while `moved` changes.
 */
function stepWhere(s: Scenario, frames: readonly Frame[], same: PanelId, moved: PanelId): number {
  const key = (id: PanelId, f: Frame | undefined) => (f ? layoutKey(PANEL_LAYOUTS[id](f)) : '')
  const owns = (f: Frame | undefined) => f !== undefined && focusPanel(s.panels, f.event) === same
  const i = frames.findIndex((f, i) => {
    const before = frames[i - 1]
    return (
      i > 0 &&
      key(same, f) === key(same, before) &&
      owns(f) === owns(before) &&
      key(moved, f) !== key(moved, before)
    )
  })
  if (i < 0) throw new Error(`no step leaves ${same} as it was and changes ${moved}`)
  return i
}

/** Renders the player at 0-based `cursor` with every panel drawn. */
async function openAt(s: Scenario, cursor: number): Promise<void> {
  initI18n('en')
  vmStore.getState().openRoute({ kind: 'scenario', id: s.id, step: cursor + 1, extra: [] })
  const view = vmStore.getState().view
  if (view.kind !== 'player') throw new Error(`${s.id} did not open: ${view.kind}`)
  const { container } = render(
    <PlayerView scenario={view.scenario} run={view.run} extra={[]} embed={false} />,
  )
  // Every panel's chunk has arrived and drawn (slow under load: the chunks are imported here).
  await waitFor(
    () => {
      expect(container.querySelectorAll('.stage-slot figure')).toHaveLength(s.panels.length)
    },
    { timeout: 15_000 },
  )
  // And whatever the first draw scheduled has run, before the step that is counted.
  await act(() => new Promise((done) => setTimeout(done, 50)))
}

afterEach(() => {
  performance.clearMeasures()
  resetVmStore()
})

describe('a step re-renders only the panels it changes', () => {
  for (const [id, same, moved] of [
    ['ept-vs-shadow', 'walk2d', 'shadowMmu'],
    ['ept-vs-shadow', 'shadowMmu', 'walk2d'],
    ['vmx-two-vcpus', 'cpuModes', 'vmcs'],
    ['xen-netback-rx', 'ring', 'xenDomains'],
  ] as const) {
    it(
      `${id}: ${same} unchanged, ${moved} moved, so only ${moved} renders`,
      { timeout: 30_000 },
      async () => {
        const { s, frames } = await scenario(id)
        const i = stepWhere(s, frames, same, moved)
        await openAt(s, i - 1)
        performance.clearMeasures()
        await act(async () => vmStore.getState().run('next'))
        expect(vmStore.getState().playback.cursor).toBe(i)
        expect(renders(moved)).toBeGreaterThan(0)
        expect(renders(same)).toBe(0)
      },
    )
  }
})
