// Console rows of the EPT hypervisor (CONSOLE.md `eptp`; `vpid` and `ept ...` are VMScope's
// VMCS-free way to set what the VMCS would: the VPID field 0x0000 and INVEPT/INVVPID by the
// VMM). The VT-x rows `invept`/`invvpid` stay the VMCS model's (they need `vmxon`).
import { type EptOp, gva, hpa } from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import { readNumber } from '../lexer.ts'
import type { CommandDef } from '../registry.ts'
import { invArgsByName } from './invalidate.ts'

const VPID = intField('VPID', 'a VPID (1-65535)', 0xffff, 'the VMCS VPID field is 16 bits')

/** A `key=NUMBER` option of `ept loop`, or null when absent. */
function numberOption(a: ArgReader, key: string, what: string): bigint | null {
  const o = a.optionText(key)
  if (o === null) return null
  const v = readNumber(o.value)
  if (v === null || v === 'too-wide')
    throw new ArgFailure(o.column, `expected ${key}=${what}, got '${o.value}'`)
  return v
}

export const eptCommands: readonly CommandDef<EptOp>[] = [
  {
    words: ['eptp'],
    usage: 'eptp HPA [levels=4|5] [ad=on|off] [mt=wb|uc]',
    topic: 'memory',
    summary: {
      en: 'Set the EPT pointer (VMCS 0x201A): root EPT table at HPA, page-walk length 4 or 5 (bits 5:3), accessed/dirty flags (bit 6), memory type WB or UC (bits 2:0).',
      zh: '设置 EPT 指针（VMCS 0x201A）：根 EPT 表位于 HPA，页表遍历级数 4 或 5（位 5:3），访问/脏标志（位 6），内存类型 WB 或 UC（位 2:0）。',
    },
    example: 'eptp 0x50000',
    parse: (a): EptOp => {
      const root = hpa(a.address('a host-physical address (the EPT PML4 or PML5 table)'))
      const levels = a.option('levels', ['4', '5']) === '5' ? 5 : 4
      const ad = a.option('ad', ['on', 'off']) === 'on'
      const memoryType = a.option('mt', ['wb', 'uc']) === 'uc' ? 0 : 6
      a.done()
      return { kind: 'ept.eptp', root, levels, ad, memoryType }
    },
  },
  {
    words: ['vpid'],
    usage: 'vpid N|off',
    topic: 'memory',
    summary: {
      en: 'Run the guest under VPID N (1-65535), or with VPID off (tag 0, the host’s): TLB entries carry this tag.',
      zh: '让客户机以 VPID N（1-65535）运行，或关闭 VPID（标记 0，属于宿主机）：TLB 表项带有这个标记。',
    },
    example: 'vpid 1',
    parse: (a): EptOp => {
      const v = a.optional((t) => (t === 'off' ? 0 : null)) ?? a.optionalInt(VPID)
      if (v === null) a.word('a VPID (1-65535) or off', [])
      a.done()
      return { kind: 'ept.vpid', vpid: v ?? 0 }
    },
  },
  {
    words: ['ept', 'cap'],
    usage: 'ept cap exec-only=on|off',
    topic: 'memory',
    summary: {
      en: 'Whether the CPU allows execute-only EPT entries (IA32_VMX_EPT_VPID_CAP bit 0); without it an X-only entry is a misconfiguration.',
      zh: 'CPU 是否允许只可执行的 EPT 表项（IA32_VMX_EPT_VPID_CAP 位 0）；不允许时，只有 X 的表项属于 EPT 配置错误。',
    },
    example: 'ept cap exec-only=off',
    parse: (a): EptOp => {
      const v = a.option('exec-only', ['on', 'off'])
      if (v === null) a.word('exec-only=on|off', [])
      a.done()
      return { kind: 'ept.cap', execOnly: v === 'on' }
    },
  },
  {
    words: ['ept', 'invept'],
    usage: 'ept invept single|global [EPTP]',
    topic: 'memory',
    summary: {
      en: 'The VMM executes INVEPT: type 1 drops the combined mappings made under one EPTP (default the current one), type 2 those of every EPTP.',
      zh: '虚拟机监控器执行 INVEPT：类型 1 清除某个 EPTP（默认当前的）下形成的组合映射，类型 2 清除所有 EPTP 的。',
    },
    example: 'ept invept single',
    parse: (a): EptOp => {
      const { type, first } = invArgsByName(a, 'invept')
      return { kind: 'ept.invept', type, eptp: first }
    },
  },
  {
    words: ['ept', 'invvpid'],
    usage: 'ept invvpid address|single|all|single-retain-globals [VPID] [VA]',
    topic: 'memory',
    summary: {
      en: 'The VMM executes INVVPID: type 0 one linear address of a VPID, 1 all of a VPID, 2 every VPID except 0, 3 a VPID except global pages.',
      zh: '虚拟机监控器执行 INVVPID：类型 0 清除某个 VPID 的一个线性地址，1 清除某个 VPID 的全部，2 清除除 0 以外的所有 VPID，3 清除某个 VPID 中除全局页以外的表项。',
    },
    example: 'ept invvpid single 1',
    parse: (a): EptOp => {
      const { type, first, second } = invArgsByName(a, 'invvpid')
      // The descriptor's bits 63:16 are reserved: a wider VPID is refused (invalidate.ts).
      return { kind: 'ept.invvpid', type, vpid: Number(first ?? 0n), va: gva(second ?? 0n) }
    },
  },
  {
    words: ['ept', 'world-switch'],
    usage: 'ept world-switch',
    topic: 'memory',
    summary: {
      en: 'A VM exit to the VMM and the VM entry back: without a VPID it flushes the guest’s cached translations, with one they survive.',
      zh: '一次退出到虚拟机监控器再重新进入客户机的切换：没有 VPID 时会清空客户机缓存的地址转换，有 VPID 时它们得以保留。',
    },
    example: 'ept world-switch',
    parse: (a): EptOp => {
      a.done()
      return { kind: 'ept.world-switch' }
    },
  },
  {
    words: ['ept', 'caches'],
    usage: 'ept caches on|off',
    topic: 'memory',
    summary: {
      en: 'Paging-structure caches for both dimensions: cached guest-physical mappings (GPA → HPA) and the guest’s PML4/PDPTE/PDE caches, so a TLB miss skips what they remember. Off by default.',
      zh: '两个维度的页表结构缓存：缓存的客户机物理映射（GPA → HPA）和客户机的 PML4/PDPTE/PDE 缓存，TLB 未命中时可跳过它们记住的部分。默认关闭。',
    },
    example: 'ept caches on',
    parse: (a): EptOp => {
      const v = a.word('on or off', ['on', 'off'])
      a.done()
      return { kind: 'ept.caches', enabled: v === 'on' }
    },
  },
  {
    words: ['ept', 'loop'],
    usage: 'ept loop VA COUNT [stride=BYTES] [pages=N] [read|write|fetch] [user|kernel]',
    topic: 'memory',
    summary: {
      en: 'COUNT accesses in one step, the i-th at VA + i × stride (default 4096), wrapping after N pages: TLB hits, misses and memory references counted; the machine ends as COUNT single accesses leave it. Stops at the first fault or VM exit, as a CPU leaves the loop.',
      zh: '一步完成 COUNT 次访问，第 i 次位于 VA + i × 步长（默认 4096），每 N 页回绕：统计 TLB 命中、未命中和内存访问次数；机器状态与逐次执行 COUNT 次访问完全相同。遇到第一个异常或 VM 退出即停止，如同 CPU 离开循环。',
    },
    example: 'ept loop 0x400000 100000 stride=64 pages=16',
    parse: (a): EptOp => {
      const va = a.address('a guest-virtual address')
      const count = a.number('how many accesses (COUNT)')
      const stride = numberOption(a, 'stride', 'BYTES') ?? 4096n
      const pages = numberOption(a, 'pages', 'N')
      const intent = a.optionalWord(['read', 'write', 'fetch'] as const) ?? 'read'
      const mode = a.optionalWord(['user', 'kernel'] as const) ?? 'kernel'
      a.done()
      const n = (v: bigint): number => (v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v))
      return {
        kind: 'ept.loop',
        va,
        count: n(count),
        stride,
        pages: pages === null ? null : n(pages),
        intent,
        mode,
      }
    },
  },
  {
    words: ['ept', 'info'],
    usage: 'ept info',
    topic: 'memory',
    summary: {
      en: 'Show the EPTP, the current VPID, every GPA-to-HPA mapping in the EPT tables and the combined TLB.',
      zh: '显示 EPTP、当前 VPID、EPT 表中所有 GPA 到 HPA 的映射以及组合 TLB。',
    },
    example: 'ept info',
    parse: (a): EptOp => {
      a.done()
      return { kind: 'ept.info' }
    },
  },
]
