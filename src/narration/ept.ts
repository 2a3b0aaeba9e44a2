// What the hardware and the hypervisor did under EPT, per event, in English and Simplified
// Chinese. Written from the event alone, so a step opened cold reads the same.
import type { Localized } from '../console/index.ts'
import {
  type EptEvent,
  type EptOutcome,
  type EptTlbFlushReason,
  type MisconfigWhy,
  EXIT_REASON,
  eptMemoryTypeName,
  eptRwx,
  exhaustive,
  hex,
  sizeLabel,
} from '../engine/index.ts'

const INTENT = {
  read: { en: 'read', zh: '读' },
  write: { en: 'write', zh: '写' },
  fetch: { en: 'instruction fetch', zh: '取指' },
} as const

const row = (r: number): Localized =>
  r === 0
    ? { en: 'the data’s guest-physical address', zh: '数据本身的客户机物理地址' }
    : { en: `the guest level-${r} entry`, zh: `客户机第 ${r} 级页表项` }

const MISCONFIG: Record<MisconfigWhy, Localized> = {
  'write-only': {
    en: 'it allows write without read (bits 2:0 = 010b)',
    zh: '它允许写却不允许读（位 2:0 = 010b）',
  },
  'write-execute': {
    en: 'it allows write and execute without read (bits 2:0 = 110b)',
    zh: '它允许写和执行却不允许读（位 2:0 = 110b）',
  },
  'execute-only': {
    en: 'it is execute-only (100b) and this CPU does not support execute-only EPT entries',
    zh: '它只可执行（100b），而这颗 CPU 不支持只可执行的 EPT 表项',
  },
  'reserved-bit': { en: 'a reserved bit is set', zh: '设置了保留位' },
  'memory-type': {
    en: 'its memory type (bits 5:3) is 2, 3 or 7, which are reserved',
    zh: '它的内存类型（位 5:3）是保留值 2、3 或 7',
  },
}

const FLUSH: Record<EptTlbFlushReason, Localized> = {
  'guest-cr3': {
    en: 'The guest loaded CR3: its non-global translations for this VPID are dropped.',
    zh: '客户机加载了 CR3：本 VPID 下非全局的地址转换被清除。',
  },
  'guest-invlpg': {
    en: 'The guest executed INVLPG: that page’s translations for this VPID are dropped.',
    zh: '客户机执行了 INVLPG：本 VPID 下该页的地址转换被清除。',
  },
  'guest-flush': {
    en: 'The guest flushed its TLB: every translation tagged with its VPID is dropped.',
    zh: '客户机刷新了 TLB：带有其 VPID 标记的所有地址转换都被清除。',
  },
  'guest-cr4': {
    en: 'The guest changed CR4: translations for its VPID are dropped.',
    zh: '客户机修改了 CR4：其 VPID 下的地址转换被清除。',
  },
  'guest-mode': {
    en: 'The guest changed paging mode: every translation for its VPID is dropped.',
    zh: '客户机切换了分页模式：其 VPID 下的所有地址转换都被清除。',
  },
  'guest-page-fault': {
    en: 'Delivering the #PF drops the cached translation of that page.',
    zh: '递交 #PF 时会清除该页缓存的地址转换。',
  },
  'ept-violation': {
    en: 'The EPT violation drops the combined mapping of the faulting linear address.',
    zh: 'EPT 违例清除了出错线性地址的组合映射。',
  },
  'vm-transition': {
    en: 'No VPID: a VM exit and the VM entry after it drop every translation tagged 0000H, the guest’s and the host’s alike.',
    zh: '没有 VPID：VM 退出以及随后的 VM 进入会清除所有标记为 0000H 的地址转换，客户机和宿主机的都一样。',
  },
  invept: {
    en: 'INVEPT drops combined mappings made under the EPTP(s) it names.',
    zh: 'INVEPT 清除在其指定的 EPTP 下形成的组合映射。',
  },
  invvpid: {
    en: 'INVVPID drops the translations tagged with the VPID(s) it names, whatever the EPTP or PCID.',
    zh: 'INVVPID 清除带有其指定 VPID 标记的地址转换，不论 EPTP 或 PCID。',
  },
  resize: {
    en: 'The TLB shrank: the oldest entries go.',
    zh: 'TLB 变小了：最久未用的表项被移出。',
  },
  'caches-off': {
    en: 'The paging-structure caches are switched off and emptied.',
    zh: '页表结构缓存被关闭并清空。',
  },
}

function outcomeSay(e: Extract<EptEvent, { kind: 'ept.access' }>): Localized {
  const o: EptOutcome = e.outcome
  const n = e.refs.length
  const formula =
    e.guestLevels > 0
      ? `(${e.guestLevels}+1)×(${e.eptLevels}+1)−1 = ${(e.guestLevels + 1) * (e.eptLevels + 1) - 1}`
      : `${e.eptLevels}`
  switch (o.result) {
    case 'ok':
      if (e.tlb === 'hit')
        return {
          en: `TLB hit: guest-virtual ${hex(e.va)} goes straight to host-physical ${hex(o.hpa)}. Zero page-table references: the combined mapping skips both dimensions.`,
          zh: `TLB 命中：客户机虚拟地址 ${hex(e.va)} 直接得到宿主机物理地址 ${hex(o.hpa)}。零次页表访问：组合映射同时跳过了两个维度。`,
        }
      return {
        en: `Done: ${hex(e.va)} → GPA ${hex(o.gpa)} → HPA ${hex(o.hpa)} after ${n} memory references (full miss with ${e.guestLevels} guest and ${e.eptLevels} EPT levels: ${formula}). Native paging needs ${e.guestLevels}.`,
        zh: `完成：${hex(e.va)} → GPA ${hex(o.gpa)} → HPA ${hex(o.hpa)}，共 ${n} 次内存访问（${e.guestLevels} 级客户机页表、${e.eptLevels} 级 EPT 完全未命中时：${formula}）。原生分页只需 ${e.guestLevels} 次。`,
      }
    case 'fault':
      return o.fault.vector === 14
        ? {
            en: `The guest’s own tables say no: #PF with error code ${hex(BigInt(o.fault.errorCode))} goes to the guest, with no VM exit. The hypervisor never hears of it; ${n} references were made first.`,
            zh: `客户机自己的页表拒绝了这次访问：错误码为 ${hex(BigInt(o.fault.errorCode))} 的 #PF 直接交给客户机，没有 VM 退出，虚拟机监控器毫不知情；此前已进行了 ${n} 次访问。`,
          }
        : {
            en: `${hex(e.va)} is not canonical: #GP(0) in the guest, before any walk.`,
            zh: `${hex(e.va)} 不是规范地址：客户机在任何遍历之前就收到 #GP(0)。`,
          }
    case 'exit':
      return o.exit.reason === EXIT_REASON.EPT_VIOLATION
        ? {
            en: `VM exit, reason 48 (EPT violation), after ${n} references. The hypervisor reads the exit qualification ${hex(o.exit.qualification)} and the guest-physical address ${hex(o.exit.gpa)} from the VMCS.`,
            zh: `VM 退出，原因 48（EPT 违例），此前进行了 ${n} 次访问。虚拟机监控器从 VMCS 中读出退出限定 ${hex(o.exit.qualification)} 和客户机物理地址 ${hex(o.exit.gpa)}。`,
          }
        : {
            en: `VM exit, reason 49 (EPT misconfiguration) for GPA ${hex(o.exit.gpa)}: the hypervisor’s own tables are wrong (KVM uses this on purpose to catch MMIO).`,
            zh: `VM 退出，原因 49（EPT 配置错误），GPA ${hex(o.exit.gpa)}：是虚拟机监控器自己的页表有误（KVM 故意利用它来捕获 MMIO）。`,
          }
    default:
      return exhaustive(o)
  }
}

/** `ept loop`: what the run of accesses did, and where a fault or exit ended it. */
function loopSay(e: Extract<EptEvent, { kind: 'ept.loop' }>): Localized {
  const what = {
    en: { read: 'reads', write: 'writes', fetch: 'instruction fetches' }[e.intent],
    zh: INTENT[e.intent].zh,
  }
  const wrap =
    e.pages === null
      ? { en: '', zh: '' }
      : { en: `, wrapping after ${e.pages} pages`, zh: `，每 ${e.pages} 页回绕` }
  const perMiss = e.misses > 0 ? Math.round((e.refs / e.misses) * 10) / 10 : 0
  const head: Localized = {
    en: `${e.count} ${what.en} from ${hex(e.va)} with a stride of ${e.stride} bytes${wrap.en}: ${e.hits} TLB hits, ${e.misses} misses and ${e.refs} memory references in all${e.misses > 0 ? ` (${perMiss} per miss)` : ''}. One step stands for all of them; the walk shown is the last access’s.`,
    zh: `从 ${hex(e.va)} 起以 ${e.stride} 字节为步长${wrap.zh}进行 ${e.count} 次${what.zh}：TLB 命中 ${e.hits} 次，未命中 ${e.misses} 次，共 ${e.refs} 次内存访问${e.misses > 0 ? `（平均每次未命中 ${perMiss} 次）` : ''}。这一步代表全部访问；图中的遍历是最后一次访问的。`,
  }
  const s = e.stopped
  if (s === null) return head
  const o = s.outcome
  const why: Localized =
    o.result === 'fault'
      ? o.fault.vector === 14
        ? {
            en: `a #PF (error code ${hex(BigInt(o.fault.errorCode))}) delivered to the guest`,
            zh: `交给客户机的 #PF（错误码 ${hex(BigInt(o.fault.errorCode))}）`,
          }
        : { en: 'a #GP(0): the address is not canonical', zh: '#GP(0)：地址不是规范地址' }
      : o.exit.reason === EXIT_REASON.EPT_VIOLATION
        ? {
            en: `a VM exit for an EPT violation at GPA ${hex(o.exit.gpa)}`,
            zh: `GPA ${hex(o.exit.gpa)} 处的 EPT 违例引起的 VM 退出`,
          }
        : {
            en: `a VM exit for an EPT misconfiguration at GPA ${hex(o.exit.gpa)}`,
            zh: `GPA ${hex(o.exit.gpa)} 处的 EPT 配置错误引起的 VM 退出`,
          }
  return {
    en: `${head.en} The loop stopped at access ${s.index + 1} of ${e.requested} (${hex(s.va)}) with ${why.en}, as a real CPU leaves its loop there.`,
    zh: `${head.zh}循环在第 ${s.index + 1} 次访问（共 ${e.requested} 次，地址 ${hex(s.va)}）处停下，原因是${why.zh}；真实的 CPU 也在这里离开循环。`,
  }
}

export function describeEptEvent(e: EptEvent): Localized {
  switch (e.kind) {
    case 'ept.eptp':
      return {
        en: `The VMM writes the EPT pointer ${hex(e.raw)}: root table at host-physical ${hex(e.root)}, ${e.levels}-level walk (bits 5:3 = ${e.levels - 1}), accessed/dirty flags ${e.ad ? 'on (bit 6)' : 'off'}, memory type ${eptMemoryTypeName(e.memoryType)} (${e.memoryType}).`,
        zh: `虚拟机监控器写入 EPT 指针 ${hex(e.raw)}：根表位于宿主机物理地址 ${hex(e.root)}，${e.levels} 级遍历（位 5:3 = ${e.levels - 1}），访问/脏标志${e.ad ? '开启（位 6）' : '关闭'}，内存类型 ${eptMemoryTypeName(e.memoryType)}（${e.memoryType}）。`,
      }
    case 'ept.vpid':
      return e.vpid === 0
        ? {
            en: 'VPID is off: the guest’s translations carry tag 0000H, the host’s own tag, so every VM exit and entry must flush them.',
            zh: 'VPID 关闭：客户机的地址转换带有宿主机自己的标记 0000H，因此每次 VM 退出和 VM 进入都必须把它们清空。',
          }
        : {
            en: `The guest now runs with VPID ${e.vpid}: its TLB entries are tagged ${e.vpid} and survive VM exits; other VPIDs cannot use them.`,
            zh: `客户机现在以 VPID ${e.vpid} 运行：它的 TLB 表项带有标记 ${e.vpid}，能在 VM 退出后保留，其他 VPID 无法使用它们。`,
          }
    case 'ept.cap':
      return {
        en: `This CPU ${e.execOnly ? 'allows' : 'does not allow'} execute-only EPT entries (IA32_VMX_EPT_VPID_CAP bit 0).`,
        zh: `这颗 CPU ${e.execOnly ? '允许' : '不允许'}只可执行的 EPT 表项（IA32_VMX_EPT_VPID_CAP 位 0）。`,
      }
    case 'ept.table':
      return {
        en: `The VMM takes a zeroed host page at ${hex(e.hpa)} for an EPT level-${e.level} table: 512 entries, all not present.`,
        zh: `虚拟机监控器取一页清零的宿主机内存 ${hex(e.hpa)} 作为第 ${e.level} 级 EPT 表：512 个表项，全都不存在。`,
      }
    case 'ept.entry-write':
      return {
        en: `The VMM writes ${e.name} at host-physical ${hex(e.addr)} = ${hex(e.raw)} (${e.flags.leaf ? `maps GPA ${hex(e.gpa)}, ${eptRwx(e.flags, true)}, memory type ${e.flags.memoryType}` : `points to the next table at ${hex(e.flags.addr)}, RWX`}). An ordinary store: the guest cannot see this memory.`,
        zh: `虚拟机监控器在宿主机物理地址 ${hex(e.addr)} 写入 ${e.name} = ${hex(e.raw)}（${e.flags.leaf ? `映射 GPA ${hex(e.gpa)}，${eptRwx(e.flags, true)}，内存类型 ${e.flags.memoryType}` : `指向下一级表 ${hex(e.flags.addr)}，RWX`}）。这只是普通的存储操作：客户机看不到这块内存。`,
      }
    case 'ept.map':
      return {
        en: `EPT now maps guest-physical ${hex(e.gpa)} (${e.size}) to host-physical ${hex(e.hpa)} with ${eptRwx(e, true)}.`,
        zh: `EPT 现在把客户机物理地址 ${hex(e.gpa)}（${e.size}）映射到宿主机物理地址 ${hex(e.hpa)}，权限 ${eptRwx(e, true)}。`,
      }
    case 'ept.nested-ref': {
      const r = row(e.row)
      return {
        en: `Reference ${e.n} (nested dimension): to find ${r.en} at GPA ${hex(e.gpa)}, the CPU reads ${e.name}[${e.index}] at host-physical ${hex(e.addr)} = ${hex(e.raw)}${e.flags.present ? (e.flags.leaf ? `, the EPT leaf: ${eptRwx(e.flags, true)}` : `, next EPT table at ${hex(e.flags.addr)}`) : ', not present'}.`,
        zh: `第 ${e.n} 次访问（嵌套维度）：为了找到位于 GPA ${hex(e.gpa)} 的${r.zh}，CPU 读取宿主机物理地址 ${hex(e.addr)} 处的 ${e.name}[${e.index}] = ${hex(e.raw)}${e.flags.present ? (e.flags.leaf ? `，这是 EPT 叶子：${eptRwx(e.flags, true)}` : `，下一级 EPT 表在 ${hex(e.flags.addr)}`) : '，不存在'}。`,
      }
    }
    case 'ept.guest-ref':
      return e.addr === null
        ? {
            en: `The guest ${e.name}[${e.index}] comes from the PDPTE register MOV to CR3 loaded: no memory reference.`,
            zh: `客户机 ${e.name}[${e.index}] 来自 MOV CR3 时加载的 PDPTE 寄存器：无需访问内存。`,
          }
        : {
            en: `Reference ${e.n} (guest dimension): EPT placed guest-physical ${hex(e.gpa)} at host-physical ${hex(e.addr)}, so the CPU reads the guest’s ${e.name}[${e.index}] there = ${hex(e.raw)}${e.flags.p ? (e.flags.leaf ? `: the data is at GPA ${hex(e.flags.addr)}` : `: next guest table at GPA ${hex(e.flags.addr)}, which needs its own EPT walk`) : ': P=0'}.`,
            zh: `第 ${e.n} 次访问（客户机维度）：EPT 把客户机物理地址 ${hex(e.gpa)} 放在宿主机物理地址 ${hex(e.addr)}，CPU 在那里读取客户机的 ${e.name}[${e.index}] = ${hex(e.raw)}${e.flags.p ? (e.flags.leaf ? `：数据位于 GPA ${hex(e.flags.addr)}` : `：下一级客户机页表在 GPA ${hex(e.flags.addr)}，它又需要一次 EPT 遍历`) : ':P=0'}。`,
          }
    case 'ept.ad':
      return {
        en: `With EPT A/D on, the CPU sets ${e.set === 'AD' ? 'A and D' : e.set} in ${e.name} at ${hex(e.addr)}: the VMM can later see which guest memory was touched${e.set !== 'A' ? ' and written' : ''}.`,
        zh: `EPT 访问/脏标志已开启，CPU 在 ${hex(e.addr)} 的 ${e.name} 中设置 ${e.set === 'AD' ? 'A 和 D' : e.set}：虚拟机监控器之后能看出哪些客户机内存被访问${e.set !== 'A' ? '和写入' : ''}过。`,
      }
    case 'ept.guest-ad':
      return {
        en: `The CPU sets ${e.set === 'AD' ? 'A and D' : e.set} in the guest ${e.name} (GPA ${hex(e.gpa)}, HPA ${hex(e.hpa)}): a write to guest memory, which EPT checks as a write.`,
        zh: `CPU 在客户机 ${e.name}（GPA ${hex(e.gpa)}，HPA ${hex(e.hpa)}）中设置 ${e.set === 'AD' ? 'A 和 D' : e.set}：这是对客户机内存的写，EPT 按写来检查。`,
      }
    case 'ept.violation': {
      const what = e.final
        ? { en: 'the data access itself (bit 8 = 1)', zh: '数据访问本身（位 8 = 1）' }
        : e.adWrite
          ? {
              en: 'setting an A/D bit in a guest paging-structure entry (bit 8 = 0)',
              zh: '在客户机页表项中设置 A/D 位（位 8 = 0）',
            }
          : {
              en: `reading ${row(e.row).en}, a guest paging structure (bit 8 = 0)`,
              zh: `读取${row(e.row).zh}，即客户机页表结构（位 8 = 0）`,
            }
      const cause =
        e.notPresentLevel !== null
          ? {
              en: `the EPT level-${e.notPresentLevel} entry is not present`,
              zh: `第 ${e.notPresentLevel} 级 EPT 表项不存在`,
            }
          : {
              en: `EPT allows only ${eptRwx(e.perms, true)}`,
              zh: `EPT 只允许 ${eptRwx(e.perms, true)}`,
            }
      return {
        en: `EPT violation: a ${INTENT[e.access].en} of GPA ${hex(e.gpa)} for ${what.en}, and ${cause.en}. Exit qualification ${hex(e.qualification)}.`,
        zh: `EPT 违例：为${what.zh}对 GPA ${hex(e.gpa)} 进行${INTENT[e.access].zh}，而${cause.zh}。退出限定为 ${hex(e.qualification)}。`,
      }
    }
    case 'ept.misconfig':
      return {
        en: `EPT misconfiguration: ${e.name} at ${hex(e.addr)} = ${hex(e.raw)} is present but ${MISCONFIG[e.why].en}.`,
        zh: `EPT 配置错误：${hex(e.addr)} 处的 ${e.name} = ${hex(e.raw)} 存在，但${MISCONFIG[e.why].zh}。`,
      }
    case 'ept.tlb.hit':
      return {
        en: `TLB hit for ${hex(e.va)} under VPID ${e.vpid}: a combined guest-virtual → host-physical entry.`,
        zh: `${hex(e.va)} 在 VPID ${e.vpid} 下 TLB 命中：这是一条客户机虚拟地址 → 宿主机物理地址的组合表项。`,
      }
    case 'ept.tlb.miss':
      return {
        en: `TLB miss for ${hex(e.va)} (VPID ${e.vpid}, PCID ${e.pcid}): the two-dimensional walk begins.${e.why === 'clean' ? ' (The entry was cached without D, so a write walks again.)' : e.why === 'denied' ? ' (The cached entry forbids this access, so the CPU walks again.)' : ''}`,
        zh: `${hex(e.va)} TLB 未命中（VPID ${e.vpid}，PCID ${e.pcid}）：二维页表遍历开始。${e.why === 'clean' ? '（该表项缓存时 D 未置位，写操作须重新遍历。）' : e.why === 'denied' ? '（缓存的表项不允许这次访问，CPU 重新遍历。）' : ''}`,
      }
    case 'ept.tlb.fill':
      return {
        en: `The TLB keeps ${hex(e.entry.va)} → ${hex(e.entry.hpa)} (${sizeLabel(e.entry.pageBytes)}, VPID ${e.entry.vpid}): the next access to this page needs no walk at all.`,
        zh: `TLB 记下 ${hex(e.entry.va)} → ${hex(e.entry.hpa)}（${sizeLabel(e.entry.pageBytes)}，VPID ${e.entry.vpid}）：下次访问这一页完全不用遍历。`,
      }
    case 'ept.tlb.flush':
      return {
        en: `${FLUSH[e.reason].en} ${e.removed.length} entr${e.removed.length === 1 ? 'y' : 'ies'} invalidated, ${e.kept} kept.`,
        zh: `${FLUSH[e.reason].zh}失效 ${e.removed.length} 项，保留 ${e.kept} 项。`,
      }
    case 'ept.cache-hit':
      return e.which === 'gpa'
        ? {
            en: `The guest-physical mapping of ${row(e.row).en} is cached: GPA ${hex(e.gpa)} → HPA ${hex(e.hpa)} without reading EPT. ${e.saved} references saved.`,
            zh: `${row(e.row).zh}的客户机物理映射已被缓存：GPA ${hex(e.gpa)} → HPA ${hex(e.hpa)}，无需读取 EPT。省下 ${e.saved} 次访问。`,
          }
        : {
            en: `The paging-structure cache holds the guest level-${e.level} entry for this address: the walk jumps straight to the next guest table at GPA ${hex(e.gpa)}, skipping ${e.saved} references.`,
            zh: `页表结构缓存中有该地址的客户机第 ${e.level} 级表项：遍历直接跳到位于 GPA ${hex(e.gpa)} 的下一级客户机页表，省下 ${e.saved} 次访问。`,
          }
    case 'ept.caches':
      return e.enabled
        ? {
            en: 'Paging-structure caches on: guest-physical mappings (GPA → HPA, tagged by EPTP) and the guest’s PML4/PDPTE/PDE caches (tagged by VPID and PCID) now remember what walks found.',
            zh: '开启页表结构缓存：客户机物理映射（GPA → HPA，按 EPTP 标记）以及客户机的 PML4/PDPTE/PDE 缓存（按 VPID 和 PCID 标记）会记住遍历的结果。',
          }
        : {
            en: 'Paging-structure caches off: every TLB miss walks both dimensions in full.',
            zh: '关闭页表结构缓存：每次 TLB 未命中都要完整遍历两个维度。',
          }
    case 'ept.world-switch':
      return e.vpid === 0
        ? {
            en: 'The guest exits to the VMM and is resumed. Without a VPID the guest’s cached translations cannot be told apart from the host’s.',
            zh: '客户机退出到虚拟机监控器后又被恢复运行。没有 VPID 时，客户机缓存的地址转换无法与宿主机的区分开。',
          }
        : {
            en: `The guest exits to the VMM and is resumed. Its translations are tagged VPID ${e.vpid}, so they stay in the TLB.`,
            zh: `客户机退出到虚拟机监控器后又被恢复运行。它的地址转换带有 VPID ${e.vpid} 标记，因此留在 TLB 中。`,
          }
    case 'ept.access':
      return outcomeSay(e)
    case 'ept.loop':
      return loopSay(e)
    case 'ept.info':
      return {
        en: `EPT ${e.eptp === null ? 'not set up yet' : `pointer ${hex(e.eptp)}`}: ${e.mappings.length} guest-physical mapping(s); ${e.tlb.length} combined TLB entr${e.tlb.length === 1 ? 'y' : 'ies'}.`,
        zh: `EPT ${e.eptp === null ? '尚未设置' : `指针 ${hex(e.eptp)}`}：${e.mappings.length} 个客户机物理地址映射；${e.tlb.length} 个组合 TLB 表项。`,
      }
    default:
      return exhaustive(e)
  }
}
