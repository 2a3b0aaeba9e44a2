// What the shadow-paging VMM did and why, per event, in English and Simplified Chinese.
import type { Localized } from '../console/index.ts'
import { EXIT_REASON, type ShadowEvent, exhaustive, hex, totalExits } from '../engine/index.ts'

const INTENT = {
  read: { en: 'read', zh: '读' },
  write: { en: 'write', zh: '写' },
  fetch: { en: 'instruction fetch', zh: '取指' },
} as const

const AD: Record<'A' | 'D' | 'AD', Localized> = {
  A: { en: 'the accessed bit A', zh: '访问位 A' },
  D: { en: 'the dirty bit D', zh: '脏位 D' },
  AD: { en: 'the accessed and dirty bits A and D', zh: '访问位 A 和脏位 D' },
}

const CAUSE: Record<Extract<ShadowEvent, { kind: 'shadow.exit' }>['cause'], Localized> = {
  'shadow-pf': {
    en: 'The hardware walked the shadow tables and raised #PF. Exception-bitmap bit 14 is set, so the #PF does not reach the guest: it is a VM exit to the hypervisor',
    zh: '硬件遍历影子页表时产生了 #PF。异常位图第 14 位已置位，所以这个 #PF 不会交给客户机，而是引发一次 VM 退出，进入虚拟机监控器',
  },
  'pt-write': {
    en: 'The guest OS stored into one of its own page tables. The hypervisor keeps that page read-only in the shadow tables, so the store faults and exits',
    zh: '客户机操作系统写自己的页表。虚拟机监控器在影子页表中把这一页设为只读，所以这次写入产生缺页并引发 VM 退出',
  },
  cr3: {
    en: 'The guest loads CR3. With CR3-load exiting on, MOV to CR3 exits: the guest may not point the real MMU at its own tables',
    zh: '客户机加载 CR3。打开“CR3 加载退出”后，MOV 到 CR3 会引发 VM 退出：客户机不能让真实的 MMU 使用它自己的页表',
  },
  invlpg: {
    en: 'The guest executes INVLPG. With INVLPG exiting on, it exits so the hypervisor can drop its shadow entry too',
    zh: '客户机执行 INVLPG。打开“INVLPG 退出”后它会引发 VM 退出，让虚拟机监控器同时丢弃对应的影子页表项',
  },
  control: {
    en: 'The guest changes a control register bit the hypervisor owns (CR0/CR4 via the guest/host masks, EFER via the MSR bitmap), so it exits',
    zh: '客户机修改了由虚拟机监控器掌管的控制位（CR0/CR4 受客户机/宿主机掩码控制，EFER 受 MSR 位图控制），因此引发 VM 退出',
  },
}

const HANDLED: Record<string, Localized> = {
  fill: {
    en: 'Hidden (hypervisor-induced) page fault: the guest’s tables allowed the access, only the shadow entry was missing or read-only. The VMM built it and the guest retried; the guest never knew.',
    zh: '隐藏的（虚拟机监控器引起的）缺页：客户机页表允许这次访问，只是影子页表项缺失或只读。虚拟机监控器补上表项后客户机重试，客户机完全不知情。',
  },
  emulate: {
    en: 'Hidden page fault: the access writes a guest page table, which stays read-only in the shadow. The VMM performed the store itself and resynchronised the shadow; the guest never saw a fault.',
    zh: '隐藏的缺页：这次访问写的是客户机页表，它在影子页表中始终只读。虚拟机监控器代为完成写入并同步影子页表，客户机看不到任何异常。',
  },
  unbacked: {
    en: 'Hidden page fault the VMM cannot resolve: the guest-physical page has no machine page in the P2M (add one with host map).',
    zh: '虚拟机监控器无法处理的隐藏缺页：该客户机物理页在 P2M 中没有对应的机器页（用 `host map` 添加）。',
  },
  'p2m-denied': {
    en: 'Hidden page fault the VMM refuses: the guest’s tables allow it, but the P2M does not give this right to the guest.',
    zh: '虚拟机监控器拒绝的隐藏缺页：客户机页表允许这次访问，但 P2M 没有把这项权限交给客户机。',
  },
  'cr0-wp': {
    en: 'Hidden page fault: the guest runs with CR0.WP=0, so its kernel may write a read-only page, but the real CR0.WP stays 1. The VMM made the shadow entry writable and supervisor-only (KVM’s second encoding); a user access to the page will trap once and get the read-only user encoding back.',
    zh: '隐藏的缺页：客户机以 CR0.WP=0 运行，它的内核可以写只读页，但真实的 CR0.WP 始终为 1。虚拟机监控器把影子表项改为可写、仅限内核（KVM 的第二种编码）；用户态访问这一页时会陷入一次，换回只读的用户态编码。',
  },
}

export function describeShadowEvent(e: ShadowEvent): Localized {
  switch (e.kind) {
    case 'shadow.exit': {
      const c = CAUSE[e.cause]
      const x = e.exit
      const q = x.qualification === null ? '' : `, qualification ${hex(x.qualification)}`
      const info =
        x.reason === EXIT_REASON.EXCEPTION_NMI
          ? {
              en: ` (interruption info ${hex(BigInt(x.intrInfo ?? 0))}: vector 14, hardware exception, error code ${hex(BigInt(x.errorCode ?? 0))})`,
              zh: `（中断信息 ${hex(BigInt(x.intrInfo ?? 0))}：向量 14，硬件异常，错误码 ${hex(BigInt(x.errorCode ?? 0))}）`,
            }
          : { en: '', zh: '' }
      return {
        en: `${c.en}. Exit reason ${x.reason} ${x.name}${q}${info.en}.`,
        zh: `${c.zh}。退出原因 ${x.reason} ${x.name}${x.qualification === null ? '' : `，退出限定 ${hex(x.qualification)}`}${info.zh}。`,
      }
    }
    case 'shadow.ref':
      return e.who === 'hardware'
        ? {
            en: `The hardware reads shadow ${e.name}[${e.index}] at host-physical ${hex(e.addr)}: ${e.flags.p ? `present, pointing to ${hex(e.flags.addr)}` : 'not present'}. The real CR3 points at the shadow tables, never at the guest’s.`,
            zh: `硬件读取影子页表 ${e.name}[${e.index}]（宿主机物理地址 ${hex(e.addr)}）：${e.flags.p ? `存在，指向 ${hex(e.flags.addr)}` : '不存在'}。真实的 CR3 指向影子页表，而不是客户机的页表。`,
          }
        : {
            en: `The VMM walks the guest’s table in software: guest ${e.name}[${e.index}] at guest-physical ${hex(e.gpa ?? 0n)} (machine ${hex(e.addr)}) = ${hex(e.raw)}, ${e.flags.p ? `pointing to guest-physical ${hex(e.flags.addr)}` : 'not present'}.`,
            zh: `虚拟机监控器用软件遍历客户机页表：客户机 ${e.name}[${e.index}] 位于客户机物理地址 ${hex(e.gpa ?? 0n)}（机器地址 ${hex(e.addr)}）= ${hex(e.raw)}，${e.flags.p ? `指向客户机物理地址 ${hex(e.flags.addr)}` : '不存在'}。`,
          }
    case 'shadow.guest-ad':
      return {
        en: `The hardware never walks the guest’s tables, so it cannot set their A/D bits: the VMM sets ${AD[e.set].en} in guest ${e.name} at ${hex(e.gpa)} itself (${hex(e.old)} -> ${hex(e.raw)}). D is set only now that the access is a write and the shadow entry becomes writable; after a read the shadow stays read-only, so the first write traps and sets D.`,
        zh: `硬件从不遍历客户机页表，无法设置其中的 A/D 位：由虚拟机监控器在客户机 ${e.name}（${hex(e.gpa)}）中设置${AD[e.set].zh}（${hex(e.old)} -> ${hex(e.raw)}）。只有当访问是写、影子表项变为可写时才设置 D；读之后影子表项保持只读，因此第一次写会陷入并设置 D。`,
      }
    case 'shadow.alloc':
      return {
        en: `The VMM allocates a shadow page at host-physical ${hex(e.hpa)} to shadow the guest ${e.name} table at guest-physical ${hex(e.gfn)}. That is ${e.pages} shadow page${e.pages === 1 ? '' : 's'} (${e.pages * 4} KiB): the double bookkeeping shadow paging costs. The guest table is now write-protected.`,
        zh: `虚拟机监控器在宿主机物理地址 ${hex(e.hpa)} 分配一个影子页，影子化客户机物理地址 ${hex(e.gfn)} 处的 ${e.name} 页表。现在共有 ${e.pages} 个影子页（${e.pages * 4} KiB）：这就是影子页表“双份记账”的内存开销。该客户机页表从此被写保护。`,
      }
    case 'shadow.write-protect':
      return {
        en: `Guest page ${hex(e.gfn)} has just become a shadowed page table, so ${e.entries.length} shadow entr${e.entries.length === 1 ? 'y that mapped it writable loses' : 'ies that mapped it writable lose'} R/W: from now on every guest write to it traps.`,
        zh: `客户机页 ${hex(e.gfn)} 刚成为被影子化的页表，因此 ${e.entries.length} 个把它映射为可写的影子表项失去 R/W：从此客户机对它的每次写都会陷入。`,
      }
    case 'shadow.sync': {
      const r = e.rights
      const why = r
        ? r.writable
          ? {
              en: ' It is writable: the guest allows writes, D is set, the P2M allows writes and it is not a page table.',
              zh: '它可写：客户机允许写、D 已置位、P2M 允许写，而且它不是页表页。',
            }
          : {
              en: ` It is read-only because ${[!r.guestRw ? 'the guest entry has R/W=0' : '', r.guestRw && !r.guestDirty ? 'the guest entry is still clean (D=0), so the first write must trap to set D' : '', !r.p2mWrite ? 'the P2M forbids writes' : '', r.ptPage ? 'the page is a guest page table (write-protected)' : ''].filter(Boolean).join(' and ')}.`,
              zh: `它是只读的，因为${[!r.guestRw ? '客户机表项 R/W=0' : '', r.guestRw && !r.guestDirty ? '客户机表项还是干净的（D=0），第一次写必须陷入以设置 D' : '', !r.p2mWrite ? 'P2M 禁止写' : '', r.ptPage ? '该页是客户机页表（被写保护）' : ''].filter(Boolean).join('，并且')}。`,
            }
        : { en: '', zh: '' }
      const src = e.p2m
        ? {
            en: ` guest entry ${hex(e.guest.raw)} (guest-physical ${hex(e.p2m.gpa)}) composed with the P2M (machine ${hex(e.p2m.hpa)})`,
            zh: `客户机表项 ${hex(e.guest.raw)}（客户机物理 ${hex(e.p2m.gpa)}）与 P2M（机器地址 ${hex(e.p2m.hpa)}）组合`,
          }
        : {
            en: ` guest entry ${hex(e.guest.raw)} at ${hex(e.guest.gpa)}`,
            zh: `客户机表项 ${hex(e.guest.raw)}（位于 ${hex(e.guest.gpa)}）`,
          }
      const cause = {
        fault: { en: 'on a hidden page fault', zh: '在隐藏缺页中' },
        'pt-write': {
          en: 'after the guest wrote its table (as classic KVM did, a last-level entry is refreshed from the new guest entry and a higher-level one is dropped)',
          zh: '在客户机写页表之后（与经典 KVM 一样，用新的客户机表项刷新最后一级表项，而丢弃更高级的表项）',
        },
        invlpg: {
          en: 'because the guest invalidated this address with INVLPG',
          zh: '因为客户机用 INVLPG 使这个地址失效',
        },
        'host-map': {
          en: 'because the P2M entry behind it changed',
          zh: '因为它背后的 P2M 表项改变了',
        },
        'write-protect': { en: 'to write-protect a guest page table', zh: '为了写保护客户机页表' },
        'cr0-wp': {
          en: 'because the guest has CR0.WP=0 and its kernel writes a page its tables make read-only (R/W=1 and U/S=0 here: writable for the kernel only)',
          zh: '因为客户机的 CR0.WP=0，而它的内核要写一个在其页表中只读的页（这里设为 R/W=1、U/S=0：只对内核可写）',
        },
      }[e.cause]
      if (e.action === 'drop')
        return {
          en: `The VMM drops shadow ${e.name} at ${hex(e.shadow.addr)} ${cause.en}; the next access through it takes a hidden page fault and rebuilds it.`,
          zh: `虚拟机监控器${cause.zh}丢弃位于 ${hex(e.shadow.addr)} 的影子 ${e.name}；下次经过它的访问会产生隐藏缺页并重建它。`,
        }
      return {
        en: `The VMM ${e.action === 'fill' ? 'fills' : 'updates'} shadow ${e.name} at ${hex(e.shadow.addr)} ${cause.en}: ${hex(e.shadow.old)} -> ${hex(e.shadow.raw)}, from the${src.en}.${why.en}`,
        zh: `虚拟机监控器${cause.zh}${e.action === 'fill' ? '填写' : '更新'}位于 ${hex(e.shadow.addr)} 的影子 ${e.name}：${hex(e.shadow.old)} -> ${hex(e.shadow.raw)}，由${src.zh}得到。${why.zh}`,
      }
    }
    case 'shadow.pt-write':
      return {
        en: `The VMM emulates the guest’s store: it writes ${hex(e.value)} into the guest page table at guest-physical ${hex(e.gpa)} (was ${hex(e.old)}), then brings the shadow entries derived from it up to date. This is why creating processes is slower under shadow paging.`,
        zh: `虚拟机监控器模拟客户机的写入：把 ${hex(e.value)} 写进客户机物理地址 ${hex(e.gpa)} 处的客户机页表（原值 ${hex(e.old)}），再更新由它派生的影子表项。这就是影子页表下创建进程更慢的原因。`,
      }
    case 'shadow.inject':
      return {
        en: `Guest-induced page fault: the guest’s own tables forbid this access, so the VMM reflects it. It injects #PF (VM-entry interruption info ${hex(BigInt(e.intrInfo))}) with the guest’s error code ${hex(BigInt(e.errorCode))} and CR2 = ${hex(e.cr2)}, exactly what the guest would see on real hardware.`,
        zh: `客户机引起的缺页：客户机自己的页表禁止这次访问，所以虚拟机监控器把它反射回去。它注入 #PF（VM 进入中断信息 ${hex(BigInt(e.intrInfo))}），错误码 ${hex(BigInt(e.errorCode))}，CR2 = ${hex(e.cr2)}，与真实硬件上客户机看到的完全一样。`,
      }
    case 'shadow.resume':
      return {
        en: `VM entry: the guest resumes and re-executes the access to ${hex(e.va)}; the hardware walks the shadow tables again.`,
        zh: `VM 进入：客户机恢复运行并重新执行对 ${hex(e.va)} 的访问；硬件再次遍历影子页表。`,
      }
    case 'shadow.root':
      return e.reused
        ? {
            en: `Context switch: the VMM finds the shadow root for guest CR3 ${hex(e.gcr3)} in its cache (${hex(e.hpa)}) and loads it into the real CR3; the entries built before are still there. The guest still reads back CR3 = ${hex(e.gcr3)}.`,
            zh: `上下文切换：虚拟机监控器在缓存中找到客户机 CR3 ${hex(e.gcr3)} 对应的影子根（${hex(e.hpa)}），把它装入真实 CR3；之前建好的表项仍然有效。客户机读回的 CR3 仍是 ${hex(e.gcr3)}。`,
          }
        : {
            en: `No shadow root exists for guest CR3 ${hex(e.gcr3)} yet, so the VMM takes a fresh, empty one (${hex(e.hpa)}) and loads it into the real CR3 (${e.roots} root${e.roots === 1 ? '' : 's'} cached). The guest believes, and reads back, CR3 = ${hex(e.gcr3)}; the hardware never sees it. Every first access will now exit.`,
            zh: `客户机 CR3 ${hex(e.gcr3)} 还没有影子根，虚拟机监控器取一个新的空影子根（${hex(e.hpa)}）装入真实 CR3（缓存中共有 ${e.roots} 个影子根）。客户机以为并读回 CR3 = ${hex(e.gcr3)}；硬件从未使用它。之后每个首次访问都会引发 VM 退出。`,
          }
    case 'shadow.zap':
      return {
        en: `${e.why} changed, and shadow pages record it in their role: the VMM discards all ${e.pages} shadow pages and starts over.`,
        zh: `${e.why === 'paging-mode' ? '分页模式' : e.why.toUpperCase()} 改变了，而影子页的角色记录了它：虚拟机监控器丢弃全部 ${e.pages} 个影子页，重新开始。`,
      }
    case 'shadow.tlb':
      if (e.why === 'fault')
        return {
          en: `The shadow walk faulted, and a page fault drops the TLB entries for that page (${e.removed}), as on bare metal.`,
          zh: `影子页表遍历产生了缺页，而缺页会像在裸机上一样丢弃该页的 TLB 表项（${e.removed} 个）。`,
        }
      return {
        en: `The VMM invalidates ${e.removed} TLB entr${e.removed === 1 ? 'y' : 'ies'} built from the shadow entries it just changed.`,
        zh: `虚拟机监控器使 ${e.removed} 个由刚改动的影子表项产生的 TLB 表项失效。`,
      }
    case 'shadow.access': {
      const head = {
        en: `${INTENT[e.intent].en} of ${hex(e.va)}`,
        zh: `对 ${hex(e.va)} 的${INTENT[e.intent].zh}`,
      }
      const tally = {
        en: ` Exits so far: ${totalExits(e.counters)}; hidden page faults ${e.counters.hiddenFaults}; reflected ${e.counters.reflectedFaults}; shadow pages ${e.shadowPages} (${e.shadowPages * 4} KiB).`,
        zh: `目前共 ${totalExits(e.counters)} 次 VM 退出；隐藏缺页 ${e.counters.hiddenFaults} 次；反射缺页 ${e.counters.reflectedFaults} 次；影子页 ${e.shadowPages} 个（${e.shadowPages * 4} KiB）。`,
      }
      if (e.result === 'ok')
        return {
          en: `The ${head.en} runs at full speed: ${e.tlb === 'hit' ? 'the TLB holds the shadow translation' : `the hardware walked ${e.refs.length} shadow entries`} and reaches machine address ${hex(e.pa ?? 0n)}. No VM exit.${tally.en}`,
          zh: `${head.zh}全速完成：${e.tlb === 'hit' ? 'TLB 中已有影子转换' : `硬件遍历了 ${e.refs.length} 个影子表项`}，到达机器地址 ${hex(e.pa ?? 0n)}。没有 VM 退出。${tally.zh}`,
        }
      if (e.result === 'fault' && e.fault?.vector === 13)
        return {
          en: `The address is not canonical: #GP before any walk, delivered straight to the guest.`,
          zh: '该地址不是规范地址：在任何遍历之前就产生 #GP，直接交给客户机。',
        }
      if (e.result === 'fault' && e.fault?.vector === 14)
        return {
          en: `Result of the ${head.en}: a guest-induced page fault, reflected with error code ${hex(BigInt(e.fault.errorCode))} and CR2 ${hex(e.fault.cr2)}. The guest OS handles it as on bare metal.${tally.en}`,
          zh: `${head.zh}的结果：客户机引起的缺页，以错误码 ${hex(BigInt(e.fault.errorCode))}、CR2 ${hex(e.fault.cr2)} 反射给客户机。客户机操作系统像在裸机上一样处理它。${tally.zh}`,
        }
      const h = HANDLED[e.handled ?? 'fill'] ?? { en: '', zh: '' }
      return {
        en: `Result of the ${head.en}: ${h.en}${e.pa === null ? '' : ` Machine address ${hex(e.pa)}.`}${tally.en}`,
        zh: `${head.zh}的结果：${h.zh}${e.pa === null ? '' : `机器地址 ${hex(e.pa)}。`}${tally.zh}`,
      }
    }
    case 'shadow.cost':
      return {
        en: `This command cost ${e.exits} VM exit${e.exits === 1 ? '' : 's'} (${e.hiddenFaults} hidden page fault${e.hiddenFaults === 1 ? '' : 's'}); on bare metal it would have cost none. Shadow pages: ${e.shadowPages} (${e.shadowPages * 4} KiB).`,
        zh: `这条命令花费了 ${e.exits} 次 VM 退出（其中 ${e.hiddenFaults} 次隐藏缺页）；在裸机上一次也不需要。影子页：${e.shadowPages} 个（${e.shadowPages * 4} KiB）。`,
      }
    case 'shadow.info':
      return {
        en: `The VMM keeps ${e.pages.length} shadow page${e.pages.length === 1 ? '' : 's'} (${e.pages.length * 4} KiB) for the guest’s tables; the real CR3 holds ${e.root === null ? 'no shadow root yet' : hex(e.root)}.`,
        zh: `虚拟机监控器为客户机页表维护 ${e.pages.length} 个影子页（${e.pages.length * 4} KiB）；真实 CR3 ${e.root === null ? '还没有影子根' : `为 ${hex(e.root)}`}。`,
      }
    default:
      return exhaustive(e)
  }
}
