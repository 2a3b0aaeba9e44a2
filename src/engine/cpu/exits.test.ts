import { describe, expect, it } from 'vitest'
import type { VmxEvent } from '../vmx/events.ts'
import type { GuestInstr, VmxOp } from '../vmx/ops.ts'
import { byName, launched, run, w } from '../vmx/testkit.ts'
import { crQualification, ioBitmapLocation, ioQualification, msrBitmapLocation } from './exits.ts'
import { ringPicture } from './rings.ts'

const g = (instr: GuestInstr): VmxOp => ({ kind: 'vmx.guest', instr })
const CPU = (v: bigint) => w('CPU_BASED_VM_EXEC_CONTROL', v)

/** Runs one guest instruction after a launch with `controls`; returns its exit or null. */
function exitOf(controls: VmxOp[], instr: GuestInstr, pre: VmxOp[] = []) {
  const r = run([...launched('a', controls), ...pre, g(instr)])
  const e = r.last[0]
  return { exit: e?.kind === 'vmx.exit' ? e.exit : null, event: e, state: r.state }
}

describe('exit qualification formats (hw-facts §4.7)', () => {
  it('I/O: size, direction, immediate, port', () => {
    expect(ioQualification(0x3f8, 1, 'out', false)).toBe(0x03f8_0000n)
    expect(ioQualification(0x60, 1, 'in', true)).toBe(0x0060_0048n)
    expect(ioQualification(0x60, 2, 'out', true)).toBe(0x0060_0041n)
    expect(ioQualification(0xcfc, 4, 'in', false)).toBe(0x0cfc_000bn)
  })
  it('CR access: MOV to CR3 from RAX is 0x3, from R9 is 0x903', () => {
    expect(crQualification(3, 0, 0)).toBe(0x3n)
    expect(crQualification(3, 0, 9)).toBe(0x903n)
    expect(crQualification(0, 3, 0)).toBe(0x30n)
  })
  it('bitmap locations: A/B split at 0x8000; MSR quarters at +0/+1024/+2048/+3072', () => {
    expect(ioBitmapLocation(0x3f8)).toEqual({ bitmap: 'a', byte: 0x7fn, bit: 0 })
    expect(ioBitmapLocation(0x8001)).toEqual({ bitmap: 'b', byte: 0n, bit: 1 })
    expect(msrBitmapLocation(0x10n, false)?.byte).toBe(2n)
    expect(msrBitmapLocation(0xc000_0080n, false)?.byte).toBe(1024n + 16n)
    expect(msrBitmapLocation(0x10n, true)?.byte).toBe(2048n + 2n)
    expect(msrBitmapLocation(0xc000_0080n, true)?.byte).toBe(3072n + 16n)
    expect(msrBitmapLocation(0x4000_0000n, false)).toBeNull()
  })
})

describe('exit reasons under the controls (hw-facts §4.5, §4.6)', () => {
  it('CPUID and VMCALL always exit (10, 18)', () => {
    expect(exitOf([], { op: 'cpuid' }).exit?.reason).toBe(10)
    const v = exitOf([], { op: 'vmcall' }).exit
    expect(v?.reason).toBe(18)
    expect(v?.instructionLength).toBe(3)
  })
  it('HLT exits (12) only with HLT exiting (bit 7); else the vCPU halts', () => {
    const x = exitOf([CPU(1n << 7n)], { op: 'hlt' }).exit
    expect(x?.reason).toBe(12)
    expect(x?.instructionLength).toBe(1)
    const r = exitOf([], { op: 'hlt' })
    expect(r.exit).toBeNull()
    expect(r.state.cpu.activity).toBe('hlt')
    // A halted vCPU runs nothing; an interrupt wakes it.
    const woke = run([...launched('a'), g({ op: 'hlt' }), g({ op: 'interrupt', vector: 0x30 })])
    expect(woke.state.cpu.activity).toBe('active')
  })
  it('MOV to CR3: exit 28 with CR3-load exiting unless the value is a CR3-target value', () => {
    const on = [CPU(1n << 15n)]
    const x = exitOf(on, { op: 'mov-cr3', value: 0x5000n, reg: 'rax' }).exit
    expect(x?.reason).toBe(28)
    expect(x?.qualification).toBe(0x3n)
    expect(x?.instructionLength).toBe(3)
    expect(exitOf(on, { op: 'mov-cr3', value: 0x5000n, reg: 'r9' }).exit?.qualification).toBe(
      0x903n,
    )
    const targets = [...on, w('CR3_TARGET_COUNT', 1n), w('CR3_TARGET_VALUE0', 0x5000n)]
    expect(exitOf(targets, { op: 'mov-cr3', value: 0x5000n, reg: 'rax' }).exit).toBeNull()
    expect(exitOf(targets, { op: 'mov-cr3', value: 0x6000n, reg: 'rax' }).exit?.reason).toBe(28)
    // Value 3 in CR3_TARGET_VALUE1 does not count when the count is 1.
    const beyond = [...on, w('CR3_TARGET_COUNT', 1n), w('CR3_TARGET_VALUE1', 0x6000n)]
    expect(exitOf(beyond, { op: 'mov-cr3', value: 0x6000n, reg: 'rax' }).exit?.reason).toBe(28)
    const off = exitOf([], { op: 'mov-cr3', value: 0x5000n, reg: 'rax' })
    expect(off.exit).toBeNull()
    expect(off.state.cpu.regs.cr3).toBe(0x5000n)
  })
  it('I/O: unconditional exiting (bit 24), bitmaps (bit 25) override it', () => {
    const out: GuestInstr = { op: 'out', port: 0x3f8, value: 0x41n, size: 1 }
    const x = exitOf([CPU(1n << 24n)], out).exit
    expect(x?.reason).toBe(30)
    expect(x?.qualification).toBe(0x03f8_0000n)
    expect(x?.instructionLength).toBe(1)
    const none = exitOf([], out)
    expect(none.exit).toBeNull()
    expect(none.state.ioPorts[0x3f8]).toBe(0x41n)
    // Bitmaps in use, bit clear: no exit even though unconditional exiting is set.
    const bm = [
      CPU((1n << 24n) | (1n << 25n)),
      w('IO_BITMAP_A', 0x200000n),
      w('IO_BITMAP_B', 0x201000n),
    ]
    expect(exitOf(bm, out).exit).toBeNull()
    const setA: VmxOp = { kind: 'vmx.bitmap', bitmap: 'io', index: 0x3f8n, on: true }
    expect(exitOf([...bm, setA], out).exit?.reason).toBe(30)
    // Port 0x8000 lives in bitmap B; a bit in A does not make it exit.
    const hi: GuestInstr = { op: 'in', port: 0x8000, size: 1 }
    expect(exitOf([...bm, setA], hi).exit).toBeNull()
    const setB: VmxOp = { kind: 'vmx.bitmap', bitmap: 'io', index: 0x8000n, on: true }
    const xb = exitOf([...bm, setB], hi).exit
    expect(xb?.qualification).toBe(0x8000_0008n)
    // A 2-byte access exits if either port's bit is set.
    const set3f9: VmxOp = { kind: 'vmx.bitmap', bitmap: 'io', index: 0x3f9n, on: true }
    expect(exitOf([...bm, set3f9], { op: 'in', port: 0x3f8, size: 2 }).exit?.qualification).toBe(
      0x03f8_0009n,
    )
  })
  it('IN with an immediate port: qualification bit 6 and length 2', () => {
    const x = exitOf([CPU(1n << 24n)], { op: 'in', port: 0x60, size: 1 }).exit
    expect(x?.qualification).toBe(0x0060_0048n)
    expect(x?.instructionLength).toBe(2)
  })
  it('RDMSR/WRMSR: exit (31/32) without MSR bitmaps; with bitmaps per bit and range', () => {
    expect(exitOf([], { op: 'rdmsr', msr: 0x10n }).exit?.reason).toBe(31)
    expect(exitOf([], { op: 'wrmsr', msr: 0x10n, value: 1n }).exit?.reason).toBe(32)
    const bm = [CPU(1n << 28n), w('MSR_BITMAP', 0x300000n)]
    expect(exitOf(bm, { op: 'rdmsr', msr: 0x10n }).exit).toBeNull()
    expect(exitOf(bm, { op: 'rdmsr', msr: 0x4000_0000n }).exit?.reason).toBe(31)
    const rd: VmxOp = { kind: 'vmx.bitmap', bitmap: 'msr-read', index: 0xc000_0080n, on: true }
    expect(exitOf([...bm, rd], { op: 'rdmsr', msr: 0xc000_0080n }).exit?.reason).toBe(31)
    // The read bit does not affect writes.
    expect(exitOf([...bm, rd], { op: 'wrmsr', msr: 0xc000_0080n, value: 5n }).exit).toBeNull()
  })
  it('INVLPG exits (14) with INVLPG exiting, qualification = the linear address', () => {
    const x = exitOf([CPU(1n << 9n)], { op: 'invlpg', va: 0x7000n }).exit
    expect(x?.reason).toBe(14)
    expect(x?.qualification).toBe(0x7000n)
    expect(exitOf([], { op: 'invlpg', va: 0x7000n }).exit).toBeNull()
  })
  it('external interrupt: exit 1 with pin bit 0; vector in VM_EXIT_INTR_INFO only with ack', () => {
    const intr: GuestInstr = { op: 'interrupt', vector: 0x30 }
    const noAck = exitOf([w('PIN_BASED_VM_EXEC_CONTROL', 1n)], intr).exit
    expect(noAck?.reason).toBe(1)
    expect(noAck?.intrInfo).toBe(0n)
    expect(noAck?.instructionLength).toBeNull()
    const ack = exitOf([w('PIN_BASED_VM_EXEC_CONTROL', 1n), w('VM_EXIT_CONTROLS', 0x8200n)], intr)
    expect(ack.exit?.intrInfo).toBe(0x8000_0030n)
    expect(exitOf([], intr).exit).toBeNull()
  })
  it('guest instructions need a running guest', () => {
    expect(() => run([{ kind: 'vmx.vmxon', region: null }, g({ op: 'cpuid' })])).toThrow(
      /vmx-no-guest/,
    )
  })
})

describe('VPID and the TLB (hw-facts §7)', () => {
  const vpidOn = (vpid: bigint): VmxOp[] => [
    CPU(1n << 31n),
    w('SECONDARY_VM_EXEC_CONTROL', 1n << 5n),
    w('VIRTUAL_PROCESSOR_ID', vpid),
  ]
  it('without VPID every entry and exit flushes the VPID-0 entries', () => {
    const r = run([...launched('a'), g({ op: 'cpuid' })])
    const exit = r.last[0]
    expect(exit?.kind === 'vmx.exit' && exit.tlbRemoved).toBe(1)
    const back = run([{ kind: 'vmx.vmresume' }], r.state)
    expect(back.last[0]?.kind === 'vmx.entry' && back.last[0].tlbRemoved).toBe(1)
    expect(back.state.tlb).toHaveLength(0)
  })
  it('two vCPUs with VPIDs 1 and 2 keep their entries across VMPTRLD switches', () => {
    const r = run([
      ...launched('vcpu0', vpidOn(1n)),
      g({ op: 'cpuid' }),
      { kind: 'vmx.vmclear', target: byName('vcpu1') },
      { kind: 'vmx.vmptrld', target: byName('vcpu1') },
      w('HOST_CR0', 0x8005_0033n),
      w('HOST_CR4', 0x37_26e0n),
      w('HOST_CS_SELECTOR', 0x10n),
      w('HOST_TR_SELECTOR', 0x40n),
      w('VM_EXIT_CONTROLS', 0x200n),
      w('VMCS_LINK_POINTER', 0xffff_ffff_ffff_ffffn),
      w('GUEST_RIP', 0x9000n),
      w('GUEST_RFLAGS', 0x2n),
      ...vpidOn(2n),
      { kind: 'vmx.vmlaunch' },
      g({ op: 'cpuid' }),
    ])
    expect(new Set(r.state.tlb.map((e) => e.vpid))).toEqual(new Set([0, 1, 2]))
    const inv = run([{ kind: 'vmx.invvpid', type: 1n, vpid: 1n, linear: 0n }], r.state)
    expect(new Set(inv.state.tlb.map((e) => e.vpid))).toEqual(new Set([0, 2]))
  })
})

describe('rings: VT-x vs pre-VT (course notes 004 slides 44-47)', () => {
  it('VT-x: guest kernel at ring 0 non-root; VMM at ring 0 root after an exit', () => {
    const r = run(launched('a'))
    expect(ringPicture(r.state).current).toEqual({ operation: 'non-root', ring: 0 })
    const after = run([g({ op: 'cpuid' })], r.state)
    expect(ringPicture(after.state).current).toEqual({ operation: 'root', ring: 0 })
  })
  it('pre-VT: guest kernel at ring 1; privileged instructions trap, CPUID does not', () => {
    const r = run([{ kind: 'vmx.picture', picture: 'pre-vt' }])
    const pic = ringPicture(r.state)
    expect(pic.current).toEqual({ operation: 'none', ring: 1 })
    expect(pic.slots.find((s) => s.occupant === 'guest kernel')?.ring).toBe(1)
    const trap = (i: GuestInstr): VmxEvent | undefined => run([g(i)], r.state).last[0]
    expect(trap({ op: 'hlt' })).toMatchObject({ kind: 'cpu.trap', vector: 13 })
    expect(trap({ op: 'mov-cr3', value: 0x1000n, reg: 'rax' })).toMatchObject({ kind: 'cpu.trap' })
    expect(trap({ op: 'vmcall' })).toMatchObject({ kind: 'cpu.trap', vector: 6 })
    expect(trap({ op: 'cpuid' })?.kind).toBe('guest.exec')
    expect(run([g({ op: 'hlt' })], r.state).state.cpu.cpl).toBe(0)
  })
})

describe('CR accesses and string I/O in the guest (SDM3 §25.1.3, hw-facts §4.5, §4.7)', () => {
  const mask0 = (v: bigint) => w('CR0_GUEST_HOST_MASK', v)
  const shadow0 = (v: bigint) => w('CR0_READ_SHADOW', v)
  const guestCr0 = (v: bigint) => w('GUEST_CR0', v)
  const CR0 = 0x8000_0031n // PG | NE | ET | PE

  it('MOV to CR0 exits only where a masked bit would differ from the read shadow', () => {
    const ctl = [mask0(0x8000_0001n), shadow0(CR0), guestCr0(CR0)]
    // Same PG and PE as the shadow: runs; only the unmasked TS bit (3) changes.
    const ok = exitOf(ctl, { op: 'mov-to-cr', cr: 0, value: CR0 | 8n, reg: 'rax' })
    expect(ok.exit).toBeNull()
    expect(ok.state.cpu.regs.cr0).toBe(CR0 | 8n)
    // Clearing PG (masked, shadow 1): exit 28, qualification CR0, MOV to CR, RBX (3 << 8).
    const x = exitOf(ctl, { op: 'mov-to-cr', cr: 0, value: CR0 & ~0x8000_0000n, reg: 'rbx' })
    expect(x.exit).toMatchObject({ reason: 28, qualification: 0x300n })
  })

  it('MOV to CR4 and CR8, MOV from CR3: their own controls and qualifications', () => {
    const cr4 = exitOf([w('CR4_GUEST_HOST_MASK', 0x2000n), w('CR4_READ_SHADOW', 0n)], {
      op: 'mov-to-cr',
      cr: 4,
      value: 0x2020n,
      reg: 'rcx',
    })
    expect(cr4.exit).toMatchObject({ reason: 28, qualification: 0x104n }) // CR4, RCX
    const cr8 = exitOf([CPU(1n << 19n)], { op: 'mov-to-cr', cr: 8, value: 2n, reg: 'rax' })
    expect(cr8.exit).toMatchObject({ reason: 28, qualification: 0x8n })
    expect(exitOf([], { op: 'mov-to-cr', cr: 8, value: 2n, reg: 'rax' }).exit).toBeNull()
    const from = exitOf([CPU(1n << 16n)], { op: 'mov-from-cr3', reg: 'rdx' })
    expect(from.exit).toMatchObject({ reason: 28, qualification: 0x213n }) // CR3, type 1, RDX
    expect(exitOf([], { op: 'mov-from-cr3', reg: 'rdx' }).exit).toBeNull()
  })

  it('CLTS exits iff TS is set in both the mask and the read shadow; else TS clears unless masked', () => {
    const clts: GuestInstr = { op: 'clts' }
    expect(exitOf([mask0(8n), shadow0(8n)], clts).exit).toMatchObject({
      reason: 28,
      qualification: 0x20n, // CR0, access type 2
    })
    const owned = exitOf([mask0(8n), shadow0(0n), guestCr0(CR0 | 8n)], clts)
    expect(owned.exit).toBeNull()
    expect(owned.state.cpu.regs.cr0 & 8n).toBe(8n) // the VMM owns TS: it stays
    const free = exitOf([guestCr0(CR0 | 8n)], clts)
    expect(free.state.cpu.regs.cr0 & 8n).toBe(0n)
  })

  it('LMSW: the PE rule and the bits 3:0 rule; qualification type 3, memory bit 6, source 31:16', () => {
    // PE masked, shadow PE = 0, source sets PE: exit.
    expect(
      exitOf([mask0(1n), shadow0(0n)], { op: 'lmsw', value: 1n, memory: true }).exit,
    ).toMatchObject({ reason: 28, qualification: 0x1_0070n })
    // Source equals the shadow in every masked bit: runs; PE is never cleared by LMSW.
    const r = exitOf([mask0(0x8n), shadow0(0n), guestCr0(CR0)], {
      op: 'lmsw',
      value: 0x6n,
      memory: false,
    })
    expect(r.exit).toBeNull()
    expect(r.state.cpu.regs.cr0 & 0xfn).toBe(0x7n) // MP, EM loaded; PE kept
  })

  it('INS/OUTS exit like IN/OUT, with the string (4) and REP (5) bits and the port in DX', () => {
    const x = exitOf([CPU(1n << 24n)], { op: 'outs', port: 0x3f8, size: 1, rep: true })
    expect(x.exit).toMatchObject({ reason: 30, qualification: 0x03f8_0030n })
    const y = exitOf([CPU(1n << 24n)], { op: 'ins', port: 0x60, size: 2, rep: false })
    expect(y.exit).toMatchObject({ reason: 30, qualification: 0x0060_0019n })
    expect(exitOf([], { op: 'outs', port: 0x3f8, size: 1, rep: true }).exit).toBeNull()
  })
})
