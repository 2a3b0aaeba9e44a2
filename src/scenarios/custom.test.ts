import { describe, expect, it } from 'vitest'
import { runScript } from '../console/index.ts'
import { panelsFor } from './panels.ts'

const panels = (src: string) => panelsFor(runScript(src))

describe('panels of a loaded script', () => {
  it('follows the event families it produced, in stage order', () => {
    expect(panels('map 0x7000 0xa000 w\naccess 0x7000')).toEqual(['pageWalk'])
    expect(panels('vm g1\nmap 0x7000 0xa000 w')).toEqual(['addressSpaces'])
    expect(panels('ring create r proto=blkif')).toEqual(['ring'])
  })

  it("shows the MMU's own panel, not the native walk, for a virtualized guest", () => {
    expect(panels('mmu ept\nmap 0x7000 0x400000 w')).toEqual(['walk2d'])
    expect(panels('mmu shadow\nhost map 0x0 0x2000000 rwx size=2M')).toEqual(['shadowMmu'])
    expect(panels('mmu xen-pv')).toEqual(['xenMmu'])
    // Native paging after a virtualized experiment keeps both stories on the stage.
    expect(panels('mmu ept\nmmu native\nmap 0x7000 0xa000 w')).toEqual(['pageWalk', 'walk2d'])
  })

  it('never leaves the stage empty', () => {
    expect(panels('# only a comment')).toEqual(['addressSpaces'])
  })
})
