// What the hardware did and why, per paging event, in English and Simplified Chinese.
import type { Localized } from '../console/index.ts'
import { hex } from '../engine/index.ts'
import {
  type PageFaultReason,
  type PagingEvent,
  type PagingOutcome,
  type TlbFlushReason,
  sizeLabel,
} from '../engine/paging/index.ts'

const INTENT = {
  read: { en: 'read', zh: '读' },
  write: { en: 'write', zh: '写' },
  fetch: { en: 'instruction fetch', zh: '取指' },
} as const
const MODE = {
  user: { en: 'user-mode', zh: '用户态' },
  kernel: { en: 'kernel-mode', zh: '内核态' },
}

const REASON: Record<PageFaultReason, Localized> = {
  'not-present': { en: 'an entry on the way has P=0', zh: '途经的某个页表项 P=0（不存在）' },
  'reserved-bit': {
    en: 'a present entry has a reserved bit set, so the error code has P and RSVD',
    zh: '某个存在的页表项设置了保留位，因此错误码含 P 和 RSVD',
  },
  'user-supervisor': {
    en: 'user mode touched a page that is supervisor-only at some level (U/S is ANDed over the levels)',
    zh: '用户态访问了在某一级为仅内核的页（U/S 位在各级之间做“与”）',
  },
  'write-protect': {
    en: 'R/W is 0 at some level (R/W is ANDed over the levels)',
    zh: '某一级的 R/W 为 0（R/W 位在各级之间做“与”）',
  },
  'execute-disable': {
    en: 'XD is set at some level and EFER.NXE is on (XD is ORed over the levels)',
    zh: '某一级设置了 XD 且 EFER.NXE 已打开（XD 位在各级之间做“或”）',
  },
  smep: {
    en: 'CR4.SMEP forbids the kernel to execute code from a user page',
    zh: 'CR4.SMEP 禁止内核执行用户页中的代码',
  },
  smap: {
    en: 'CR4.SMAP forbids kernel data accesses to user pages while EFLAGS.AC is 0',
    zh: 'EFLAGS.AC 为 0 时，CR4.SMAP 禁止内核读写用户页',
  },
  'protection-key': {
    en: 'CR4.PKE is on and PKRU forbids this data access for the page’s protection key (AD blocks reads and writes, WD blocks writes), so the error code also has PK (bit 5)',
    zh: 'CR4.PKE 已打开，而 PKRU 对该页的保护键禁止这次数据访问（AD 禁止读写，WD 禁止写），因此错误码还带有 PK（第 5 位）',
  },
}

function outcome(o: PagingOutcome): Localized {
  if (o.result === 'ok')
    return {
      en: `It reaches physical address ${hex(o.pa)} in a ${sizeLabel(o.pageBytes)} page.`,
      zh: `访问到达物理地址 ${hex(o.pa)}（位于 ${sizeLabel(o.pageBytes)} 的页中）。`,
    }
  const f = o.fault
  if (f.vector === 13)
    return {
      en: 'The address is not canonical, so the CPU raises #GP before any page walk: never #PF.',
      zh: '该地址不是规范地址，CPU 在页表遍历之前就产生 #GP（一般保护异常），而不是缺页异常。',
    }
  const r = REASON[f.reason]
  return {
    en: `Page fault (#PF, vector 14): ${r.en}. Error code ${hex(BigInt(f.errorCode))}, CR2 = ${hex(f.cr2)}.`,
    zh: `缺页异常（#PF，向量 14）：${r.zh}。错误码 ${hex(BigInt(f.errorCode))}，CR2 = ${hex(f.cr2)}。`,
  }
}

const FLUSH: Record<TlbFlushReason, Localized> = {
  'cr3-load': { en: 'MOV to CR3', zh: 'MOV 到 CR3' },
  invlpg: { en: 'INVLPG', zh: 'INVLPG' },
  'tlb-flush': { en: 'full TLB flush', zh: '整个 TLB 刷新' },
  'cr4-pge': { en: 'CR4.PGE changed', zh: 'CR4.PGE 改变' },
  'cr4-pcide-off': { en: 'CR4.PCIDE cleared', zh: 'CR4.PCIDE 被清除' },
  'cr4-smep-on': { en: 'CR4.SMEP set', zh: 'CR4.SMEP 被设置' },
  mode: { en: 'paging mode changed', zh: '分页模式改变' },
  'page-fault': {
    en: 'a page fault invalidates the faulting page',
    zh: '缺页异常使出错页的 TLB 项失效',
  },
  resize: { en: 'TLB made smaller', zh: 'TLB 容量缩小' },
}

/** One or two sentences per event: what the hardware did, and why. */
export function describePagingEvent(e: PagingEvent): Localized {
  switch (e.kind) {
    case 'paging.mode':
      return {
        en: `Paging mode ${e.mode}: a ${e.vaBits}-bit linear address is split into ${e.levels.length} table indices (${e.levels.join(', ')}) and an offset.${e.mode === 'teach' ? ' This is a teaching mode, smaller than any real x86 mode.' : ''}`,
        zh: `分页模式 ${e.mode}：${e.vaBits} 位线性地址被分成 ${e.levels.length} 个页表索引（${e.levels.join('、')}）和页内偏移。${e.mode === 'teach' ? '这是教学用的缩小模式，并非真实的 x86 模式。' : ''}`,
      }
    case 'paging.cr3':
      if (e.fault)
        return {
          en: `MOV to CR3 ${hex(e.value)} raises #GP: ${e.fault.reason === 'pdpte-reserved-bit' ? 'a present PDPTE has a reserved bit set' : 'a reserved CR3 bit is set'}; CR3 keeps its old value.`,
          zh: `MOV 到 CR3 ${hex(e.value)} 产生 #GP：${e.fault.reason === 'pdpte-reserved-bit' ? '某个存在的 PDPTE 设置了保留位' : '设置了 CR3 的保留位'}；CR3 保持原值。`,
        }
      return {
        en: `CR3 now points at the root table ${hex(e.base)}${e.pcid ? ` with PCID ${e.pcid}` : ''}.${e.pdptes ? ' In PAE mode this load also copies the four PDPTEs into registers.' : ''}${e.noFlush ? ' Bit 63 was set, so no TLB entries are invalidated.' : ''}`,
        zh: `CR3 现在指向顶级页表 ${hex(e.base)}${e.pcid ? `，PCID 为 ${e.pcid}` : ''}。${e.pdptes ? 'PAE 模式下这次加载还把四个 PDPTE 复制到寄存器中。' : ''}${e.noFlush ? '第 63 位为 1，因此不使任何 TLB 项失效。' : ''}`,
      }
    case 'paging.pdpte.load':
      return {
        en: `PDPTE register ${e.index} is loaded from ${hex(e.addr)}: ${hex(e.raw)}. Later changes to that memory are not seen until CR3 is loaded again.`,
        zh: `第 ${e.index} 个 PDPTE 寄存器从 ${hex(e.addr)} 加载：${hex(e.raw)}。之后对这块内存的修改，要到再次加载 CR3 才生效。`,
      }
    case 'paging.control':
      return {
        en: `${e.bit.toUpperCase()} is now ${e.on ? 'on' : 'off'}.`,
        zh: `${e.bit.toUpperCase()} 现在为${e.on ? '开' : '关'}。`,
      }
    case 'paging.pkru': {
      const keys = (v: number, bit: number): number[] =>
        Array.from({ length: 16 }, (_, k) => k).filter((k) => ((v >>> (2 * k + bit)) & 1) === 1)
      const ad = keys(e.value, 0)
      const wd = keys(e.value, 1).filter((k) => !ad.includes(k))
      const list = (ks: number[]): string => (ks.length === 0 ? '-' : ks.join(', '))
      return {
        en: `WRPKRU loads PKRU = ${hex(BigInt(e.value))} (was ${hex(BigInt(e.old))}). Access disabled (AD) for keys ${list(ad)}; write disabled (WD) for keys ${list(wd)}. No TLB entry is flushed: the key is cached with each translation and PKRU is checked on every access.`,
        zh: `WRPKRU 把 PKRU 设为 ${hex(BigInt(e.value))}（原为 ${hex(BigInt(e.old))}）。禁止访问（AD）的键：${list(ad)}；禁止写（WD）的键：${list(wd)}。不刷新任何 TLB 项：键随转换一起缓存，每次访问都检查 PKRU。`,
      }
    }
    case 'paging.poke':
      return {
        en: `A plain store writes ${hex(e.value)} at physical ${hex(e.addr)}. The TLB is not told: cached translations stay until invalidated.`,
        zh: `一次普通写操作把 ${hex(e.value)} 写到物理地址 ${hex(e.addr)}。TLB 不会得到通知：已缓存的转换在失效之前仍会被使用。`,
      }
    case 'paging.alloc':
      return {
        en: `The OS takes the free page ${hex(e.frame)} for a new table of ${e.name}s and zeroes it, so every entry starts not present.`,
        zh: `操作系统取出空闲页 ${hex(e.frame)} 作为新的 ${e.name} 页表并清零，所以每个表项一开始都不存在。`,
      }
    case 'paging.entry.write':
      return {
        en: `The OS writes the ${e.name} at ${hex(e.addr)}: ${hex(e.raw)}.`,
        zh: `操作系统写入位于 ${hex(e.addr)} 的 ${e.name}：${hex(e.raw)}。`,
      }
    case 'paging.map':
      return {
        en: `Virtual ${hex(e.va)} now maps to physical ${hex(e.pa)} (${sizeLabel(e.pageBytes)}). The tables above allow everything, so the leaf entry alone decides the rights.`,
        zh: `虚拟地址 ${hex(e.va)} 现在映射到物理地址 ${hex(e.pa)}（${sizeLabel(e.pageBytes)}）。上层页表项允许一切访问，因此权限只由最后一级表项决定。`,
      }
    case 'paging.ref':
      if (e.source === 'pdpte-register')
        return {
          en: `Level ${e.level}: index ${e.index} selects PDPTE register ${e.index} (no memory read in PAE mode): ${hex(e.raw)}.`,
          zh: `第 ${e.level} 级：索引 ${e.index} 选中第 ${e.index} 个 PDPTE 寄存器（PAE 模式下不读内存）：${hex(e.raw)}。`,
        }
      return {
        en: `Level ${e.level}: the CPU reads ${e.name} ${e.index} at ${hex(e.tableBase)} + ${e.index} × entry size = ${hex(e.addr)}: ${hex(e.raw)}${e.flags.p ? (e.flags.leaf ? ', which maps the page' : `, which points to the next table at ${hex(e.flags.addr)}`) : ', not present'}.`,
        zh: `第 ${e.level} 级：CPU 读取 ${e.name} ${e.index}，地址为 ${hex(e.tableBase)} + ${e.index} × 表项大小 = ${hex(e.addr)}：${hex(e.raw)}${e.flags.p ? (e.flags.leaf ? '，它直接映射该页' : `，它指向下一级页表 ${hex(e.flags.addr)}`) : '，不存在'}。`,
      }
    case 'paging.ad':
      return e.set === 'A'
        ? {
            en: `The CPU sets the Accessed bit in the ${e.name} at ${hex(e.addr)} (a memory write).`,
            zh: `CPU 设置 ${hex(e.addr)} 处 ${e.name} 的访问位 A（这是一次内存写）。`,
          }
        : {
            en: `The access is allowed and is a write, so the CPU sets ${e.set === 'AD' ? 'Accessed and Dirty' : 'Dirty'} in the ${e.name} that maps the page.`,
            zh: `访问被允许且是写操作，因此 CPU 在映射该页的 ${e.name} 中设置${e.set === 'AD' ? '访问位 A 和脏位 D' : '脏位 D'}。`,
          }
    case 'paging.tlb.hit':
      return {
        en: `TLB hit: the page ${hex(e.entry.va)} is cached, so no page-table memory is read.`,
        zh: `TLB 命中：页 ${hex(e.entry.va)} 已被缓存，不需要读取页表。`,
      }
    case 'paging.tlb.miss':
      return e.why === 'clean'
        ? {
            en: 'The TLB holds this page, but it was cached by a read while D was 0, so a write must walk the tables again to set D.',
            zh: 'TLB 中有这个页，但它是在 D=0 时因读操作缓存的，所以写操作必须重新遍历页表以设置 D。',
          }
        : {
            en: `TLB miss for ${hex(e.va)}: the CPU walks the page tables.`,
            zh: `${hex(e.va)} 的 TLB 未命中：CPU 遍历页表。`,
          }
    case 'paging.tlb.fill':
      return {
        en: `The translation is cached in the TLB (${e.occupancy}/${e.capacity})${e.evicted ? `; the TLB was full, so ${e.policy.toUpperCase()} evicts page ${hex(e.evicted.va)}` : ''}.`,
        zh: `该转换被缓存进 TLB（${e.occupancy}/${e.capacity}）${e.evicted ? `；TLB 已满，按 ${e.policy.toUpperCase()} 策略换出页 ${hex(e.evicted.va)}` : ''}。`,
      }
    case 'paging.tlb.flush':
      return {
        en: `${e.removed.length} TLB entr${e.removed.length === 1 ? 'y is' : 'ies are'} invalidated (${FLUSH[e.reason].en}); ${e.kept} remain.`,
        zh: `${e.removed.length} 个 TLB 项失效（${FLUSH[e.reason].zh}）；剩余 ${e.kept} 个。`,
      }
    case 'paging.tlb.config':
      return {
        en: `The TLB now has ${e.capacity} entries and replaces by ${e.policy.toUpperCase()}.`,
        zh: `TLB 现在有 ${e.capacity} 项，替换策略为 ${e.policy.toUpperCase()}。`,
      }
    case 'paging.access':
    case 'paging.translate': {
      const o = outcome(e.outcome)
      const what = `${MODE[e.mode].en} ${INTENT[e.intent].en}`
      const whatZh = `${MODE[e.mode].zh}${INTENT[e.intent].zh}`
      return {
        en: `The ${what} of ${hex(e.va)}${e.kind === 'paging.translate' ? ' (translated without side effects)' : ''}: ${o.en}`,
        zh: `对 ${hex(e.va)} 的${whatZh}访问${e.kind === 'paging.translate' ? '（无副作用的转换）' : ''}：${o.zh}`,
      }
    }
    case 'paging.dump':
      return {
        en: `The page tables reachable from CR3 map ${e.mappings.length} page(s); the TLB holds ${e.tlb.length} of ${e.tlbCapacity} entries.`,
        zh: `从 CR3 可达的页表映射了 ${e.mappings.length} 个页；TLB 中有 ${e.tlb.length}/${e.tlbCapacity} 项。`,
      }
  }
}
