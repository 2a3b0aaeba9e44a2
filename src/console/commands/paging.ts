// Console rows for native x86 paging (CONSOLE.md "Core commands"). `map`, `access`, `cr0.wp`
// and `efer.nxe` are shared with the guest model: engine/apply.ts sends their op to the
// addrspace model while a guest is selected (`vm NAME`), to this paging engine otherwise.
import {
  type AccessSize,
  CONTROL_BITS,
  type ControlBit,
  PAGING_MODES,
  type PagingOp,
  type TeachGeometry,
  gpa,
  gva,
} from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import type { CommandDef, Localized } from '../registry.ts'

export type PagingCommandDef = CommandDef<PagingOp>

const INTENTS = ['read', 'write', 'fetch'] as const
const MODES = ['user', 'kernel'] as const
const SIZES = ['4K', '2M', '1G', '4M'] as const
const range = (lo: number, hi: number): string[] =>
  Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i))

/** `size=1|2|4|8` of a memory store (`poke`, `host poke`): bytes, default 8. */
export function storeSizeOption(a: ArgReader): AccessSize {
  return Number(a.option('size', ['1', '2', '4', '8']) ?? '8') as AccessSize
}

/** A numeric `key=N` option within lo..hi (ArgReader.option checks the choices). */
function numOption(a: ArgReader, key: string, lo: number, hi: number): number | undefined {
  const v = a.option(key, range(lo, hi))
  return v === null ? undefined : Number(v)
}

function intentAndMode(a: ArgReader): {
  intent: (typeof INTENTS)[number]
  mode: (typeof MODES)[number]
} {
  const intent = a.optionalWord(INTENTS) ?? 'read'
  const mode = a.optionalWord(MODES) ?? 'kernel'
  return { intent, mode }
}

const CONTROL_HELP: Record<ControlBit, Localized> = {
  'cr0.wp': {
    en: 'CR0.WP (bit 16): when on, kernel-mode writes to read-only pages fault too.',
    zh: 'CR0.WP（第 16 位）：打开时，内核态写只读页也会触发缺页异常。',
  },
  'efer.nxe': {
    en: 'EFER.NXE (bit 11): when on, XD (bit 63) forbids instruction fetches; when off, XD is a reserved bit.',
    zh: 'EFER.NXE（第 11 位）：打开时，XD（第 63 位）禁止取指；关闭时，XD 是保留位。',
  },
  'cr4.pse': {
    en: 'CR4.PSE (bit 4): 32-bit paging may use 4 MiB pages (PDE.PS).',
    zh: 'CR4.PSE（第 4 位）：32 位分页可以使用 4 MiB 大页（PDE.PS）。',
  },
  'cr4.pge': {
    en: 'CR4.PGE (bit 7): entries with G=1 become global TLB entries that survive CR3 loads.',
    zh: 'CR4.PGE（第 7 位）：G=1 的表项成为全局 TLB 项，加载 CR3 时不会被刷新。',
  },
  'cr4.pcide': {
    en: 'CR4.PCIDE (bit 17): CR3 bits 11:0 become a PCID that tags TLB entries.',
    zh: 'CR4.PCIDE（第 17 位）：CR3 的 11:0 位成为 PCID，用来标记 TLB 项。',
  },
  'cr4.smep': {
    en: 'CR4.SMEP (bit 20): the kernel may not execute code from user pages.',
    zh: 'CR4.SMEP（第 20 位）：内核不能执行用户页中的代码。',
  },
  'cr4.smap': {
    en: 'CR4.SMAP (bit 21): the kernel may not read or write user pages unless EFLAGS.AC is set.',
    zh: 'CR4.SMAP（第 21 位）：除非设置了 EFLAGS.AC，内核不能读写用户页。',
  },
  'eflags.ac': {
    en: 'EFLAGS.AC (bit 18): with SMAP on, lets the kernel touch user pages (STAC/CLAC).',
    zh: 'EFLAGS.AC（第 18 位）：SMAP 打开时允许内核访问用户页（STAC/CLAC）。',
  },
  'cr4.pke': {
    en: 'CR4.PKE (bit 22): protection keys. In 4-/5-level paging each user page has a key (PTE bits 62:59) and PKRU can forbid data access (AD) or writes (WD) per key (see pkru).',
    zh: 'CR4.PKE（第 22 位）：保护键。在四级或五级分页中每个用户页带一个键（PTE 第 62:59 位），PKRU 可以按键禁止数据访问（AD）或写（WD）（见 `pkru`）。',
  },
}

/** PKRU is 32 bits; a key is 4 bits (PTE bits 62:59). SDM3 §4.6.2. */
const PKRU = intField('VALUE', 'a PKRU value', 0xffffffff, 'PKRU is a 32-bit register')
const PKEY = intField('pkey', 'a protection key', 15, 'keys are PTE bits 62:59')

const controlRows: PagingCommandDef[] = CONTROL_BITS.map((bit) => ({
  words: [bit],
  usage: `${bit} on|off`,
  topic: 'control',
  summary: CONTROL_HELP[bit],
  example: `${bit} on`,
  parse: (a): PagingOp => {
    const on = a.word('on or off', ['on', 'off']) === 'on'
    a.done()
    return { kind: 'paging.control', bit, on }
  },
}))

export const pagingCommands: readonly PagingCommandDef[] = [
  {
    words: ['paging'],
    usage:
      'paging x86-32|pae|x86-64|la57|teach [maxphyaddr=32..52] [vabits=N] [levels=N] [pagebits=N]',
    topic: 'memory',
    summary: {
      en: 'Choose the paging mode (default x86-64, 4-level). teach is a blackboard-sized mode: 16-bit addresses, 2 levels, 256-byte pages unless vabits/levels/pagebits say otherwise.',
      zh: '选择分页模式（默认 x86-64，四级页表）。`teach` 是适合板书的小模式：默认 16 位地址、两级页表、256 字节的页，可用 `vabits`、`levels`、`pagebits` 修改。',
    },
    example: 'paging teach vabits=16 levels=2 pagebits=8',
    parse: (a): PagingOp => {
      const mode = a.word('a paging mode', PAGING_MODES)
      const maxPhyAddr = numOption(a, 'maxphyaddr', 32, 52)
      const vaBits = numOption(a, 'vabits', 10, 32)
      const levels = numOption(a, 'levels', 1, 5)
      const pageBits = numOption(a, 'pagebits', 8, 31)
      a.done()
      const teach: Partial<TeachGeometry> = {
        ...(vaBits === undefined ? {} : { vaBits }),
        ...(levels === undefined ? {} : { levels }),
        ...(pageBits === undefined ? {} : { pageBits }),
      }
      return {
        kind: 'paging.mode',
        mode,
        ...(Object.keys(teach).length > 0 ? { teach } : {}),
        ...(maxPhyAddr === undefined ? {} : { maxPhyAddr }),
      }
    },
  },
  {
    words: ['poke'],
    usage: 'poke ADDR VALUE [size=1|2|4|8]',
    topic: 'memory',
    summary: {
      en: 'Write VALUE into physical memory at ADDR, little-endian (default 8 bytes). The TLB is not told.',
      zh: '把 VALUE 以小端序写入物理地址 ADDR（默认 8 字节）。TLB 不会得到通知。',
    },
    example: 'poke 0x1000 0x2007',
    parse: (a): PagingOp => {
      const addr = gpa(a.address('a physical address'))
      const value = a.number('a value')
      const size = storeSizeOption(a)
      a.done()
      return { kind: 'paging.poke', addr, value, size }
    },
  },
  {
    words: ['cr3'],
    usage: 'cr3 ADDR',
    topic: 'control',
    summary: {
      en: 'MOV to CR3: point the MMU at a root table. Flushes non-global TLB entries (with PCIDE, bit 63 = 1 keeps them); in PAE mode loads the four PDPTEs.',
      zh: 'MOV 到 CR3：让 MMU 使用新的顶级页表。会刷新非全局 TLB 项（开启 PCIDE 时第 63 位为 1 可不刷新）；PAE 模式下同时加载四个 PDPTE。',
    },
    example: 'cr3 0x1000',
    parse: (a): PagingOp => {
      const value = a.address('a CR3 value')
      a.done()
      return { kind: 'paging.cr3', value }
    },
  },
  {
    words: ['pkru'],
    usage: 'pkru VALUE',
    topic: 'control',
    summary: {
      en: 'WRPKRU: load the 32-bit PKRU. For key k, bit 2k (AD) forbids reads and writes of user pages with that key, bit 2k+1 (WD) forbids writes (kernel writes only with CR0.WP=1). Needs cr4.pke on to matter; fetches are never checked.',
      zh: 'WRPKRU：加载 32 位的 PKRU。对键 k，第 2k 位（AD）禁止读写带该键的用户页，第 2k+1 位（WD）禁止写（内核写只在 CR0.WP=1 时被禁止）。只有 `cr4.pke on` 时才起作用；取指从不检查。',
    },
    example: 'pkru 0x8',
    parse: (a): PagingOp => {
      const value = a.int(PKRU)
      a.done()
      return { kind: 'paging.pkru', value }
    },
  },
  {
    words: ['map'],
    usage: 'map VA PA [w] [u] [nx] [g] [size=4K|2M|1G|4M] [pkey=0..15]',
    topic: 'memory',
    summary: {
      en: 'The OS maps VA to PA in its page tables, allocating table pages and writing real entries (the TLB is not flushed). After vm NAME: the guest maps VA to guest-physical PA.',
      zh: '操作系统在页表中把 VA 映射到 PA：按需分配页表页并写入真实的页表项（不会刷新 TLB）。执行 vm NAME 之后：客户机把 VA 映射到客户机物理地址 PA。',
    },
    example: 'map 0x7000 0xa000 w u',
    parse: (a): PagingOp => {
      const va = gva(a.address('a virtual address'))
      const pa = gpa(a.address('a physical address'))
      const f = a.flags(['w', 'u', 'nx', 'g'])
      const size = a.option('size', SIZES)
      const pkey = a.intOption('pkey', PKEY)
      a.done()
      return {
        kind: 'paging.map',
        va,
        pa,
        size,
        writable: f.has('w'),
        user: f.has('u'),
        noExecute: f.has('nx'),
        global: f.has('g'),
        ...(pkey === null ? {} : { pkey }),
      }
    },
  },
  {
    words: ['access'],
    usage: 'access VA [read|write|fetch] [user|kernel]',
    topic: 'memory',
    summary: {
      en: "One memory access: TLB lookup, then on a miss the page walk with A/D updates (default: read, kernel). After vm NAME: through the guest's page table and the hypervisor's map.",
      zh: '一次内存访问：先查 TLB，未命中时进行页表遍历并设置 A/D 位（默认：读，内核态）。执行 vm NAME 之后：经过客户机页表和虚拟机监控器的映射。',
    },
    example: 'access 0x7123 write user',
    parse: (a): PagingOp => {
      const va = gva(a.address('a virtual address'))
      const { intent, mode } = intentAndMode(a)
      a.done()
      return { kind: 'paging.access', va, intent, mode }
    },
  },
  {
    words: ['translate'],
    usage: 'translate VA [read|write|fetch] [user|kernel]',
    topic: 'memory',
    summary: {
      en: 'Walk the tables for VA without side effects: no A/D writes, no TLB lookup or fill.',
      zh: '为 VA 遍历页表但没有副作用：不写 A/D 位，不查也不填 TLB。',
    },
    example: 'translate 0x7123',
    parse: (a): PagingOp => {
      const va = gva(a.address('a virtual address'))
      const { intent, mode } = intentAndMode(a)
      a.done()
      return { kind: 'paging.translate', va, intent, mode }
    },
  },
  {
    words: ['invlpg'],
    usage: 'invlpg VA',
    topic: 'memory',
    summary: {
      en: "INVLPG: drop the TLB entries for VA's page (current PCID, and global ones).",
      zh: 'INVLPG：删除 VA 所在页的 TLB 项（当前 PCID 的以及全局的）。',
    },
    example: 'invlpg 0x7000',
    parse: (a): PagingOp => {
      const va = gva(a.address('a virtual address'))
      a.done()
      return { kind: 'paging.invlpg', va }
    },
  },
  {
    words: ['tlb', 'flush'],
    usage: 'tlb flush',
    topic: 'memory',
    summary: {
      en: 'Invalidate the whole TLB, global entries and every PCID included.',
      zh: '使整个 TLB 失效，包括全局项和所有 PCID 的项。',
    },
    example: 'tlb flush',
    parse: (a): PagingOp => {
      a.done()
      return { kind: 'paging.tlb.flush' }
    },
  },
  {
    words: ['tlb'],
    usage: 'tlb [size=0..64] [policy=lru|fifo]',
    topic: 'memory',
    summary: {
      en: 'Set the TLB size and replacement policy (default 8 entries, LRU).',
      zh: '设置 TLB 的容量和替换策略（默认 8 项，LRU）。',
    },
    example: 'tlb size=4 policy=fifo',
    parse: (a): PagingOp => {
      const capacity = numOption(a, 'size', 0, 64)
      const policy = a.option('policy', ['lru', 'fifo'])
      a.done()
      return {
        kind: 'paging.tlb.config',
        ...(capacity === undefined ? {} : { capacity }),
        ...(policy === null ? {} : { policy }),
      }
    },
  },
  {
    words: ['info', 'paging'],
    usage: 'info paging',
    topic: 'memory',
    summary: {
      en: 'List every mapping reachable from CR3 and every TLB entry, without side effects.',
      zh: '列出从 CR3 可达的所有映射以及所有 TLB 项，不产生副作用。',
    },
    example: 'info paging',
    parse: (a): PagingOp => {
      a.done()
      return { kind: 'paging.info' }
    },
  },
  ...controlRows,
]
