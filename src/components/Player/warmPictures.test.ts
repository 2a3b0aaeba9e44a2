// The player makes the next step's panel pictures while the page is idle, so a press finds
// them made (PanelSlot compares them on the way to the step's frame).
import { describe, expect, it } from 'vitest'
import { loadScenario, scenarioScript } from '../../scenarios/index.ts'
import { loadRuntime } from '../../state/runtime.ts'
import { pictureReady, warmPictures } from './panelPictures.ts'

describe('warmPictures', () => {
  it('makes the next step’s pictures, and only those', async () => {
    const { runScript } = await loadRuntime()
    const s = await loadScenario('xen-netback-rx')
    if (!s) throw new Error('xen-netback-rx')
    const { source, phaseOf } = scenarioScript(s)
    const frames = runScript(source, { phaseOf }).trace.frames
    const [b, c] = [frames[4], frames[5]]
    if (!b || !c) throw new Error('too few steps')
    for (const id of s.panels) expect(pictureReady(id, b)).toBe(false)
    warmPictures(s.panels, frames, 3)
    for (const id of s.panels) {
      expect(pictureReady(id, b)).toBe(true)
      expect(pictureReady(id, c)).toBe(false)
    }
    // Past the last step there is nothing to make.
    expect(() => warmPictures(s.panels, frames, frames.length - 1)).not.toThrow()
  })
})
