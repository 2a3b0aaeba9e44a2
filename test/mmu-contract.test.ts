// The MMU contract (src/engine/virt/mmu.ts): virt/apply.ts runs an op through the method the
// MMU in force has for its kind, and refuses a kind the MMU has no method for, naming that MMU.
import { describe, expect, it } from 'vitest'
import { describeEngineError } from '../src/console/index.ts'
import { gpa, gva, hpa } from '../src/engine/core/addr.ts'
import { apply } from '../src/engine/apply.ts'
import { eptMmu } from '../src/engine/ept/apply.ts'
import { initialMachine } from '../src/engine/machine.ts'
import { makePagingState } from '../src/engine/paging/state.ts'
import { shadowMmu } from '../src/engine/shadow/apply.ts'
import { applyVirt, availableMmus, runMmu } from '../src/engine/virt/apply.ts'
import { MMU_METHOD, type Mmu } from '../src/engine/virt/mmu.ts'
import { initialVirtState } from '../src/engine/virt/types.ts'
import { applyXenPvOp, xenPvMmu } from '../src/engine/xenpv/apply.ts'

const machine = {
  paging: makePagingState(),
  virt: { ...initialVirtState, mmu: 'shadow' as const },
}

describe('an op kind the MMU in force has no method for', () => {
  // The shadow MMU without its INVLPG method: the default must answer, not a crash or a no-op.
  const partial: Mmu = { ...shadowMmu, invlpg: undefined }
  const invlpg = () => runMmu(partial, machine, { kind: 'paging.invlpg', va: gva(0x1000n) })

  it('is refused with wrong-mmu, naming that MMU and one that implements the op', () => {
    expect(invlpg()).toEqual({
      ok: false,
      error: {
        code: 'virt',
        error: { code: 'wrong-mmu', op: 'paging.invlpg', needs: 'ept', mmu: 'shadow' },
      },
    })
  })

  it('reads as a refusal that names the MMU in force', () => {
    const r = invlpg()
    if (r.ok) throw new Error('expected a refusal')
    expect(describeEngineError(r.error)).toBe(
      "'paging.invlpg' works with 'mmu ept'; the MMU now is 'shadow'",
    )
  })

  it('still runs the methods the MMU has', () => {
    const info = runMmu(partial, machine, { kind: 'paging.info' })
    expect(info.ok).toBe(true)
  })
})

describe('the registered MMUs', () => {
  it('are the ones `mmu` offers', () => {
    expect(availableMmus()).toEqual(['native', 'ept', 'shadow', 'xen-pv'])
  })

  it('each have a method for every op kind they receive (the refusal is never reached)', () => {
    for (const mmu of [eptMmu, shadowMmu, xenPvMmu] as readonly Mmu[])
      for (const name of Object.values(MMU_METHOD))
        expect(mmu[name], `${mmu.kind} ${name}`).toBeTypeOf('function')
  })
})

describe('refusals name the op by kind; the console says the command', () => {
  const refusal = (r: ReturnType<typeof applyVirt>): string => {
    if (r.ok) throw new Error('expected a refusal')
    return describeEngineError(r.error)
  }

  it('host map with no hypervisor', () => {
    const native = { ...machine.virt, mmu: 'native' as const }
    const op = {
      kind: 'virt.host-map',
      gpa: gpa(0n),
      hpa: hpa(0x1000n),
      size: '4K',
      read: true,
      write: true,
      execute: true,
    } as const
    const r = applyVirt(machine.paging, native, op)
    expect(r).toMatchObject({ error: { error: { code: 'no-hypervisor', op: 'virt.host-map' } } })
    expect(refusal(r)).toBe(
      "'host map' needs a hypervisor: choose 'mmu shadow', 'mmu ept' or 'mmu xen-pv' first (or 'vm NAME' for the address-space model)",
    )
  })

  it('host map with no guest in the address-space model', () => {
    const r = apply(initialMachine, {
      kind: 'host.map',
      gpa: gpa(0n),
      hpa: hpa(0x1000n),
      size: '4K',
      read: true,
      write: true,
      execute: true,
    })
    if (r.ok) throw new Error('expected a refusal')
    expect(describeEngineError(r.error)).toBe(
      "'host map' needs a guest: create one first with 'vm NAME'",
    )
  })

  it('a Xen PV hypercall under another MMU', () => {
    const r = applyXenPvOp(machine.paging, machine.virt, { kind: 'xenpv.mmu-update', reqs: [] })
    expect(r).toMatchObject({ error: { error: { code: 'wrong-mmu', op: 'xenpv.mmu-update' } } })
    expect(refusal(r)).toBe("'mmu-update' works with 'mmu xen-pv'; the MMU now is 'shadow'")
    const calls = [
      { kind: 'xenpv.mmuext', ops: [] },
      { kind: 'xenpv.multicall', action: 'begin' },
    ] as const
    expect(calls.map((c) => refusal(applyXenPvOp(machine.paging, machine.virt, c)))).toEqual([
      "'mmuext' works with 'mmu xen-pv'; the MMU now is 'shadow'",
      "'multicall' works with 'mmu xen-pv'; the MMU now is 'shadow'",
    ])
  })
})
