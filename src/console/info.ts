// QEMU-monitor-style `info` and `x`/`xp` dumps of the machine at their line of the script.
// They read state and change nothing, so they are console words (commands/console.ts), not
// steps.
import {
  type Machine,
  VMCS_FIELDS,
  gva,
  hex,
  readPhys,
  translateNoSideEffects,
} from '../engine/index.ts'
import type { WordOutput } from './registry.ts'

export const INFO_TOPICS = ['mem', 'registers', 'vmcs', 'rings', 'tlb'] as const
export type InfoTopic = (typeof INFO_TOPICS)[number]

const pad = (s: string, n: number) => s.padEnd(n)

export function infoLines(machine: Machine, topic: string): string[] {
  switch (topic.toLowerCase()) {
    case 'mem':
      return infoMem(machine)
    case 'registers':
      return infoRegisters(machine)
    case 'vmcs':
      return infoVmcs(machine)
    case 'rings':
      return infoRings(machine)
    case 'tlb':
      return infoTlb(machine)
    default:
      return [`info: expected one of ${INFO_TOPICS.join(', ')}, got '${topic}'`]
  }
}

function infoMem(m: Machine): string[] {
  const a = m.addr
  const out: string[] = []
  if (a.nativeMap.length > 0) {
    out.push('native OS page table (VA -> PA):')
    for (const g of a.nativeMap)
      out.push(`  ${pad(hex(g.va), 20)} -> ${pad(hex(g.pa), 16)} ${g.size}`)
  }
  for (const vm of a.vms) {
    out.push(`${vm.name}${vm.name === a.current ? ' (current)' : ''} page table (VA -> GPA):`)
    if (vm.guestMap.length === 0) out.push('  (empty)')
    for (const g of vm.guestMap)
      out.push(`  ${pad(hex(g.va), 20)} -> ${pad(hex(g.pa), 16)} ${g.size}`)
    out.push(`${vm.name} hypervisor map (GPA -> HPA):`)
    if (vm.hostMap.length === 0) out.push('  (empty)')
    for (const h of vm.hostMap) {
      const perms = (h.read ? 'r' : '-') + (h.write ? 'w' : '-') + (h.execute ? 'x' : '-')
      out.push(`  ${pad(hex(h.gpa), 20)} -> ${pad(hex(h.hpa), 16)} ${h.size} ${perms}`)
    }
  }
  return out.length > 0 ? out : ['no mappings yet']
}

/** The paging CPU's control bits, PKRU and CR3 (under a hypervisor: what the guest set). */
function pagingRegisters(m: Machine): string[] {
  const c = m.paging.control
  const b = (v: boolean): number => (v ? 1 : 0)
  return [
    `paging: CR0.WP=${b(c.cr0Wp)} EFER.NXE=${b(c.eferNxe)} CR4.PSE=${b(c.cr4Pse)} CR4.PGE=${b(c.cr4Pge)} CR4.PCIDE=${b(c.cr4Pcide)} CR4.SMEP=${b(c.cr4Smep)} CR4.SMAP=${b(c.cr4Smap)} CR4.PKE=${b(c.cr4Pke)} EFLAGS.AC=${b(c.eflagsAc)}`,
    `paging: PKRU=0x${c.pkru.toString(16).padStart(8, '0')} CR3=${m.paging.cr3 === null ? 'not loaded' : hex(m.paging.cr3)} (paging ${m.paging.mode}${m.virt.mmu === 'native' ? '' : `, the guest's under mmu ${m.virt.mmu}`})`,
  ]
}

function infoRegisters(m: Machine): string[] {
  const cpu = m.vmx.cpu
  return [
    ...(m.addr.current === null
      ? pagingRegisters(m)
      : [
          `vm ${m.addr.current}: CR0.WP=${m.addr.control.cr0Wp ? 1 : 0} EFER.NXE=${m.addr.control.eferNxe ? 1 : 0}`,
        ]),
    `VMX: ${cpu.mode === 'off' ? 'off' : `${cpu.mode} operation`}, CPL ${cpu.cpl}` +
      (cpu.currentVmcs === null
        ? ', no current VMCS'
        : `, current VMCS at ${hex(cpu.currentVmcs)}`),
    `RIP=${hex(cpu.regs.rip)} RSP=${hex(cpu.regs.rsp)} RFLAGS=${hex(cpu.regs.rflags)}`,
    `CR0=${hex(cpu.regs.cr0)} CR3=${hex(cpu.regs.cr3)} CR4=${hex(cpu.regs.cr4)}`,
  ]
}

function infoVmcs(m: Machine): string[] {
  const cur = m.vmx.regions.find((r) => r.addr === m.vmx.cpu.currentVmcs)
  if (!cur) return ['no current VMCS (vmptrld one first)']
  const out = [`VMCS ${cur.name} at ${hex(cur.addr)}, launch state ${cur.launch}:`]
  const set = VMCS_FIELDS.filter(
    (f) => f.access === 'full' && (cur.fields[f.encoding] ?? 0n) !== 0n,
  )
  for (const f of set) {
    out.push(
      `  ${pad(f.name, 34)} ${pad('0x' + f.encoding.toString(16).padStart(4, '0'), 8)} ${hex(cur.fields[f.encoding] ?? 0n)}`,
    )
  }
  if (set.length === 0) out.push('  (every field is 0)')
  return out
}

function infoRings(m: Machine): string[] {
  if (m.xen.rings.length === 0) return ['no shared rings (ring create NAME proto=...)']
  return m.xen.rings.map(
    (r) =>
      `${r.name} (${r.proto}, ${r.size} slots): req_prod=${r.sring.reqProd} req_event=${r.sring.reqEvent} ` +
      `rsp_prod=${r.sring.rspProd} rsp_event=${r.sring.rspEvent} | front req_prod_pvt=${r.front.reqProdPvt} ` +
      `rsp_cons=${r.front.rspCons} | back rsp_prod_pvt=${r.back.rspProdPvt} req_cons=${r.back.reqCons}`,
  )
}

function infoTlb(m: Machine): string[] {
  if (m.virt.mmu === 'ept') return infoEptTlb(m)
  const t = m.paging.tlb
  const head = `native TLB: ${t.entries.length} of ${t.capacity} entries, ${t.policy} replacement`
  return [
    head,
    ...t.entries.map(
      (e) =>
        `  PCID ${e.pcid} VA ${pad(hex(e.va), 18)} -> PA ${pad(hex(e.pa), 14)} ` +
        `${e.pageBytes >= 1n << 30n ? '1G' : e.pageBytes >= 1n << 21n ? '2M' : '4K'} ` +
        [
          e.rw ? 'rw' : 'ro',
          e.us ? 'user' : 'kernel',
          e.xd ? 'xd' : '',
          e.global ? 'G' : '',
          e.dirty ? 'D' : '',
        ]
          .filter(Boolean)
          .join(' '),
    ),
  ]
}

/** Under EPT the TLB holds combined mappings tagged by VPID, PCID and EPTP (hw-facts §7). */
function infoEptTlb(m: Machine): string[] {
  const ept = m.virt.ept
  const t = ept.tlb
  return [
    `EPT combined TLB: ${t.entries.length} of ${t.capacity} entries, LRU; current VPID ${ept.vpid}`,
    ...t.entries.map(
      (e) =>
        `  VPID ${e.vpid} PCID ${e.pcid} VA ${pad(hex(e.va), 18)} -> GPA ${pad(hex(e.gpa), 14)} ` +
        `-> HPA ${pad(hex(e.hpa), 14)} ${e.pageBytes >= 1n << 30n ? '1G' : e.pageBytes >= 1n << 21n ? '2M' : '4K'}` +
        (e.global ? ' G' : ''),
    ),
  ]
}

/** What `x/Ng` or `xp/Ng` asks for: N 64-bit words from `addr`. */
export interface ExamineRequest {
  /** `xp`: `addr` is physical; `x`: virtual, through the page tables. */
  readonly physical: boolean
  readonly count: number
  readonly addr: bigint
  /** `xp ... host`: the hypervisor's host-physical memory (shadow and EPT tables). */
  readonly host?: boolean
}

/**
 * QEMU-monitor memory dumps of the native machine: `x/Ng VA` reads N 64-bit words at a
 * virtual address through the page tables (no A/D writes, no TLB fill), `xp/Ng PA` reads
 * physical memory. `values` holds the words read, up to the first address that cannot be.
 */
export function examine(m: Machine, req: ExamineRequest): WordOutput {
  const text: string[] = []
  const values: bigint[] = []
  // Under xen-pv the guest's memory is machine memory already (engine/README.md, virt/).
  if (req.host && (m.virt.mmu === 'native' || m.virt.mmu === 'xen-pv'))
    return {
      text: [
        m.virt.mmu === 'native'
          ? "xp host: no hypervisor memory under 'mmu native' (choose 'mmu shadow' or 'mmu ept')"
          : "xp host: under 'mmu xen-pv' the guest's memory is machine memory: use xp without host",
      ],
      values,
    }
  const mem = req.host ? m.virt.host : m.paging.mem
  for (let i = 0; i < req.count; i++) {
    const a = req.addr + BigInt(i * 8)
    let pa = a
    if (!req.physical) {
      const r = translateNoSideEffects(m.paging, gva(a))
      if (!r) return { text: [...text, `${hex(a)}: no page tables loaded (cr3 first)`], values }
      if (r.outcome.result !== 'ok')
        return { text: [...text, `${hex(a)}: not mapped (the access would fault)`], values }
      pa = r.outcome.pa
    }
    const v = readPhys(mem, pa, 8)
    values.push(v)
    text.push(
      `${pad(hex(a), 20)}${req.physical ? (req.host ? ' (host)' : '') : ` (PA ${hex(pa)})`}: ${hex(v)}`,
    )
  }
  return { text, values }
}
