// Panels that draw a command step by step take the command's later events back out of the
// machine the frame holds (the state after the whole command).
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { layoutCpuModes } from '../CpuModes/layout.ts'
import { layoutPageWalk } from '../PageWalk/layout.ts'
import { layoutShadow } from '../ShadowMmu/layout.ts'
import { layoutVmcs } from '../Vmcs/layout.ts'
import { laterInCommand } from './later.ts'

const indexOf = (
  frames: ReturnType<typeof runScript>['trace']['frames'],
  kind: string,
  nth = 0,
) => {
  const i = frames.map((f, j) => (f.event.kind === kind ? j : -1)).filter((j) => j >= 0)[nth]
  if (i === undefined) throw new Error(`no ${kind} #${nth}`)
  return i
}

describe('laterInCommand', () => {
  it('lists the same line’s events after the frame, and nothing from the next line', () => {
    const frames = runScript('map 0x7000 0xa000 w\naccess 0x7123').trace.frames
    const last = frames.findIndex((f) => f.event.kind === 'paging.map')
    expect(laterInCommand(frames, last)).toEqual([])
    expect(laterInCommand(frames, 0).map((e) => e.kind)).toContain('paging.map')
    expect(laterInCommand(frames, 0).every((e) => !e.kind.startsWith('paging.tlb.miss'))).toBe(true)
  })
})

describe('the memory strip grows with the map that builds it', () => {
  const frames = runScript('map 0x7000 0xa000 w').trace.frames
  it('shows only the tables allocated so far, the new one not named by a later link', () => {
    const i = indexOf(frames, 'paging.alloc', 1)
    const f = frames[i]
    if (!f) throw new Error('no frame')
    const l = layoutPageWalk(f.machine.paging, f.event, null, laterInCommand(frames, i))
    expect(l.memory.map((m) => [m.base, m.role, m.step])).toEqual([
      [0x100000n, 'PML4', null],
      [0x101000n, null, 'alloc'],
    ])
    // Without the later events the strip would show the end of the command.
    expect(layoutPageWalk(f.machine.paging, f.event, null).memory).toHaveLength(5)
  })
})

describe('VMXON: the region comes first, VMX operation with the instruction', () => {
  const frames = runScript('cpu vt-x\nvmxon').trace.frames
  it('is still off at the region step and on at VMXON', () => {
    const r = indexOf(frames, 'vmx.region')
    const v = indexOf(frames, 'vmx.instr')
    const at = (i: number) => {
      const f = frames[i]
      if (!f) throw new Error('no frame')
      const later = laterInCommand(frames, i)
      return [
        layoutVmcs(f.machine.vmx, f.event, later).vmxOn,
        layoutCpuModes(f.machine.vmx, f.event, later).vmxMode,
      ]
    }
    expect(at(r)).toEqual([false, 'off'])
    expect(at(v)).toEqual([true, 'root'])
  })
})

describe('shadow pages count as they stand at the step', () => {
  const frames = runScript(
    'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nmap 0x400000 0x1000 w u\naccess 0x400123 read user',
  ).trace.frames
  it('agrees with the allocation line of the step', () => {
    let ahead = 0
    for (const [i, f] of frames.entries()) {
      if (f.event.kind !== 'shadow.alloc') continue
      const l = layoutShadow(f.machine, f.event, null, laterInCommand(frames, i))
      expect(l.pages).toBe(f.event.pages)
      // Steps where the machine (after the whole command) already holds more pages.
      if (f.machine.virt.shadow.pages.length > f.event.pages) ahead++
    }
    expect(ahead).toBeGreaterThan(0)
  })
})
