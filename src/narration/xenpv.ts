// What Xen's direct paging did, in English and Simplified Chinese (hw-facts §5.6).
import type { Localized } from '../console/index.ts'
import {
  type PgtType,
  type XenPvEvent,
  type XenPvRefusal,
  entryMfn,
  hex,
  mfnOf,
  savedTransitions,
} from '../engine/index.ts'
import { tidyZh } from './zh.ts'

const TYPE: Record<PgtType, Localized> = {
  none: { en: 'a page with no type', zh: '没有类型的页' },
  l1: { en: 'an L1 page table', zh: 'L1 页表' },
  l2: { en: 'an L2 page table', zh: 'L2 页表' },
  l3: { en: 'an L3 page table', zh: 'L3 页表' },
  l4: { en: 'an L4 page table', zh: 'L4 页表' },
  writable: { en: 'a writable page', zh: '可写页' },
}

/** The refusal in words: where (if inside a validation) and why. */
export function refusalWords(r: XenPvRefusal): Localized {
  const whereEn = r.within
    .map((f) => `While validating MFN ${hex(f.mfn)} as an L${f.level} table, entry ${f.index}: `)
    .join('')
  const whereZh = r.within
    .map((f) => `在把 MFN ${hex(f.mfn)} 验证为 L${f.level} 页表时，第 ${f.index} 项：`)
    .join('')
  const m = hex(r.mfn)
  const has = TYPE[r.has ?? 'none']
  const needs = TYPE[r.needs ?? 'none']
  let why: Localized
  switch (r.rule) {
    case 'command':
      why = {
        en: 'the command in ptr’s low bits does not exist',
        zh: '请求的 PTR 低位中的命令不存在',
      }
      break
    case 'ptr-owner':
      why = {
        en: `the entry lies in MFN ${m}, which is not this domain’s frame`,
        zh: `该表项位于 MFN ${m}，它不属于本域`,
      }
      break
    case 'page-type':
      why = {
        en: `MFN ${m} cannot take a writable reference (it is ${has.en})`,
        zh: `MFN ${m} 无法获得可写引用（它是${has.zh}）`,
      }
      break
    case 'guest-slot':
      why = {
        en: `L4 slot ${r.slot ?? '?'} is one of Xen’s own (256-271 map Xen in every address space), so no guest may write it`,
        zh: `L4 第 ${r.slot ?? '?'} 项是 Xen 自己的（256-271 项在每个地址空间中映射 Xen），客户机不能写它`,
      }
      break
    case 'flags':
      why = {
        en: `flag bits ${hex(r.bits)} are not allowed at this level`,
        zh: `标志位 ${hex(r.bits)} 在这一级不允许`,
      }
      break
    case 'target-owner':
      why = {
        en: `MFN ${m} is not this domain’s frame: a guest may not map another domain’s memory`,
        zh: `MFN ${m} 不属于本域：客户机不能映射其他域的内存`,
      }
      break
    // 'linear' only ever passes: a refused linear entry reports the type conflict before it.
    case 'linear':
    case 'target-type':
      why =
        r.needs === 'writable'
          ? {
              en: `this would map MFN ${m} writable, but it is ${has.en} in use (type count ${r.hasCount}): a page table may never be writable by the guest`,
              zh: `这会把 MFN ${m} 映射为可写，但它正被用作${has.zh}（类型计数 ${r.hasCount}）：页表永远不能被客户机写`,
            }
          : {
              en: `MFN ${m} must be ${needs.en}, but it is ${has.en} in use (type count ${r.hasCount})`,
              zh: `MFN ${m} 必须是${needs.zh}，但它正被用作${has.zh}（类型计数 ${r.hasCount}）`,
            }
      break
    case 'pinned':
      why = r.wasPinned
        ? {
            en: `MFN ${m} is already pinned (pins do not nest)`,
            zh: `MFN ${m} 已被固定（固定不能嵌套）`,
          }
        : { en: `MFN ${m} is not pinned`, zh: `MFN ${m} 没有被固定` }
      break
  }
  return { en: whereEn + why.en, zh: tidyZh(whereZh + why.zh) }
}

const errnoText = (r: XenPvRefusal): string => `${r.rc} (-${r.errno})`

export function describeXenPvEvent(e: XenPvEvent): Localized {
  switch (e.kind) {
    case 'xenpv.m2p': {
      const head = {
        en: `Request ${e.index}${e.entry === null ? '' : ` of multicall entry ${e.entry}`}: MMU_MACHPHYS_UPDATE, set Xen’s machine-to-phys entry of MFN ${hex(e.mfn)} to pseudo-physical frame ${hex(e.val)}.`,
        zh: `${e.entry === null ? '' : `multicall 第 ${e.entry} 项的`}第 ${e.index} 个请求：MMU_MACHPHYS_UPDATE，把 Xen 的机器到物理（M2P）表中 MFN ${hex(e.mfn)} 的项设为伪物理页帧 ${hex(e.val)}。`,
      }
      if (e.verdict === 'not-attempted')
        return {
          en: `${head.en} Xen never looks at it: an earlier request in the same hypercall failed.`,
          zh: `${head.zh} Xen 根本不看它：同一次超级调用中前面的请求失败了。`,
        }
      if (e.refusal)
        return {
          en: `${head.en} Xen refuses it with ${errnoText(e.refusal)}: the frame is not this domain’s, and a guest may only describe its own frames.`,
          zh: `${head.zh} Xen 以 ${e.refusal.rc}（-${e.refusal.errno}）拒绝：该页帧不属于本域，客户机只能描述自己的页帧。`,
        }
      return {
        en: `${head.en} The frame is the domain’s, so Xen writes the entry (it was ${e.old === null ? 'empty' : hex(e.old)}). No page table changes: the M2P is how the guest turns the machine frames in its PTEs back into its own frame numbers, and it must say so when it rearranges its memory.`,
        zh: `${head.zh} 该页帧属于本域，Xen 写入该项（原来是 ${e.old === null ? '空' : hex(e.old)}）。页表没有任何变化：客户机靠 M2P 表把页表项中的机器页帧换回自己的页帧号，重新安排内存时必须告诉 Xen。`,
      }
    }
    case 'xenpv.update': {
      const head = {
        en: `Request ${e.index}${e.entry === null ? '' : ` of multicall entry ${e.entry}`}: write ${hex(e.val)} into the entry at machine address ${hex(e.entryMa)}.`,
        zh: `${e.entry === null ? '' : `multicall 第 ${e.entry} 项的`}第 ${e.index} 个请求：把 ${hex(e.val)} 写入机器地址 ${hex(e.entryMa)} 处的表项。`,
      }
      if (e.verdict === 'not-attempted')
        return {
          en: `${head.en} Xen never looks at it: an earlier request in the same hypercall failed, and mmu_update stops there.`,
          zh: `${head.zh} Xen 根本不看它：同一次超级调用中前面的请求失败了，mmu_update 就停在那里。`,
        }
      if (e.refusal) {
        const w = refusalWords(e.refusal)
        return {
          en: `${head.en} Xen refuses it with ${errnoText(e.refusal)}: ${w.en}. The entry stays ${hex(e.old)}.`,
          zh: `${head.zh} Xen 以 ${e.refusal.rc}（-${e.refusal.errno}）拒绝：${w.zh}。该表项保持为 ${hex(e.old)}。`,
        }
      }
      if (e.level === null)
        return {
          en: `${head.en} The page is not a page table in use, so Xen just stores the value (a plain write, nothing to validate).`,
          zh: `${head.zh} 该页不是正在使用的页表，所以 Xen 直接写入（普通写，无需检查）。`,
        }
      const typed = e.changes.filter(
        (c) => c.before.type !== c.after.type || c.before.count !== c.after.count,
      )
      const changesEn = typed
        .map(
          (c) =>
            `MFN ${hex(c.mfn)} is now ${TYPE[c.after.type].en} with type count ${c.after.count}`,
        )
        .join('; ')
      const changesZh = typed
        .map((c) => `MFN ${hex(c.mfn)} 现在是${TYPE[c.after.type].zh}，类型计数 ${c.after.count}`)
        .join(';')
      if (e.checks.some((c) => c.rule === 'linear'))
        return {
          en: `${head.en} The page holding it is an L${e.level} table, and the frame the entry names cannot be an L${e.level - 1} table: it is an L${e.level} table itself. Xen still accepts it as a linear page table, because the entry is read-only and maps ${entryMfn(e.val) === mfnOf(e.entryMa) ? 'its own table' : 'an already-validated table of the same level that has no linear entries of its own'}: the guest can then read its page tables through ordinary virtual addresses, never write them.${changesEn ? ` ${changesEn}.` : ''}`,
          zh: `${head.zh} 它所在的页是 L${e.level} 页表，而该表项指向的页帧不能作为 L${e.level - 1} 页表：它本身就是 L${e.level} 页表。Xen 仍把它当作线性页表接受，因为该表项只读，并且映射的是${entryMfn(e.val) === mfnOf(e.entryMa) ? '它自己所在的页表' : '一张已验证、自身没有线性表项的同级页表'}：客户机因此能用普通虚拟地址读取自己的页表，但永远不能写。${changesZh ? `${changesZh}。` : ''}`,
        }
      return {
        en: `${head.en} The page holding it is an L${e.level} table, so Xen checks the new entry: the domain owns the frame it names, its flags are allowed, and that frame can take the type it needs. Accepted.${changesEn ? ` ${changesEn}.` : ''}`,
        zh: `${head.zh} 它所在的页是 L${e.level} 页表，所以 Xen 检查新表项：所指页帧属于本域，标志位合法，该页帧能获得所需的类型。通过。${changesZh ? `${changesZh}。` : ''}`,
      }
    }
    case 'xenpv.mmuext': {
      const name = `MMUEXT_${e.cmd.toUpperCase()} (${e.number})`
      const arg = e.arg === null ? '' : ` ${hex(e.arg)}`
      if (e.verdict === 'not-attempted')
        return {
          en: `${name}${arg} is not attempted: an earlier op in the same mmuext_op failed.`,
          zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）${arg} 没有执行：同一次 mmuext_op 中前面的操作失败了。`,
        }
      if (e.refusal) {
        const w = refusalWords(e.refusal)
        return {
          en: `${name}${arg}: Xen refuses with ${errnoText(e.refusal)}: ${w.en}.`,
          zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）${arg}：Xen 以 ${e.refusal.rc}（-${e.refusal.errno}）拒绝：${w.zh}。`,
        }
      }
      switch (e.cmd) {
        case 'new_baseptr':
          return {
            en: `${name}${arg}: Xen has validated MFN ${hex(e.arg ?? 0n)} as an L4 table (every entry, down the tree) and loads it into CR3. From now on the MMU walks the guest’s own tables, which hold machine frame numbers.`,
            zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）${arg}：Xen 已把 MFN ${hex(e.arg ?? 0n)} 验证为 L4 页表（逐项、沿整棵树向下），并把它装入 CR3。从此 MMU 直接遍历客户机自己的页表，其中存的是机器页帧号。`,
          }
        case 'unpin_table':
          return {
            en: `${name}${arg}: the pin’s type reference is dropped; at type count 0 a table loses its validation and releases what its entries referenced.`,
            zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）${arg}：释放固定所持有的类型引用；类型计数降到 0 时，页表失去“已验证”状态并释放其表项引用的页。`,
          }
        case 'tlb_flush_local':
          return {
            en: `${name}: Xen flushes this CPU’s TLB for the guest (the guest may not do it itself).`,
            zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）：Xen 为客户机刷新本 CPU 的 TLB（客户机不能自己做）。`,
          }
        case 'invlpg_local':
          return {
            en: `${name}${arg}: Xen invalidates that page’s TLB entry for the guest.`,
            zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）${arg}：Xen 为客户机使该页的 TLB 项失效。`,
          }
        default:
          return {
            en: `${name}${arg}: Xen validates the frame as a page table of that level and keeps one type reference (the pin), so its type cannot drop while the guest is not using it.`,
            zh: `MMUEXT_${e.cmd.toUpperCase()}（${e.number}）${arg}：Xen 把该页帧验证为这一级的页表并保留一个类型引用（固定），这样客户机暂时不用它时，类型也不会被撤销。`,
          }
      }
    }
    case 'xenpv.hypercall': {
      const c = e.counters
      const s = savedTransitions(c)
      const tallyEn = `So far: ${c.hypercalls} hypercall${c.hypercalls === 1 ? '' : 's'} for ${c.requests} request${c.requests === 1 ? '' : 's'}, ${s} transition${s === 1 ? '' : 's'} saved by batching.`
      const tallyZh = `到目前为止：${c.hypercalls} 次超级调用处理了 ${c.requests} 个请求，批处理省下 ${s} 次切换。`
      if (e.call === 'multicall')
        return {
          en: `HYPERVISOR_multicall (13): one guest-to-Xen transition runs all ${e.count} queued call${e.count === 1 ? '' : 's'} in order; each stores its own result (${e.entries.map((x) => x.rc).join(', ') || 'none'}). ${tallyEn}`,
          zh: `HYPERVISOR_multicall（13）：一次从客户机进入 Xen 的切换按顺序执行排队的 ${e.count} 个调用；各自保存结果（${e.entries.map((x) => x.rc).join('、') || '无'}）。${tallyZh}`,
        }
      const name =
        e.call === 'mmu_update' ? 'HYPERVISOR_mmu_update (1)' : 'HYPERVISOR_mmuext_op (26)'
      return e.rc === 0
        ? {
            en: `${name} returns 0: all ${e.count} request${e.count === 1 ? '' : 's'} applied in one transition (done = ${e.done}). ${tallyEn}`,
            zh: `${e.call === 'mmu_update' ? 'HYPERVISOR_mmu_update（1）' : 'HYPERVISOR_mmuext_op（26）'} 返回 0：${e.count} 个请求在一次切换中全部完成（done = ${e.done}）。${tallyZh}`,
          }
        : {
            en: `${name} returns ${e.rc} (-${e.errno ?? ''}): done = ${e.done} of ${e.count}. Xen stopped at the first refused request; the guest learns how far it got from done. ${tallyEn}`,
            zh: `${e.call === 'mmu_update' ? 'HYPERVISOR_mmu_update（1）' : 'HYPERVISOR_mmuext_op（26）'} 返回 ${e.rc}（-${e.errno ?? ''}）：done = ${e.done}/${e.count}。Xen 在第一个被拒绝的请求处停下；客户机由此得知执行到了哪里。${tallyZh}`,
          }
    }
    case 'xenpv.multicall-begin':
      return {
        en: 'The guest starts a multicall list: the page-table calls that follow are written into it, and nothing enters Xen until it is issued.',
        zh: '客户机开始填写一个 multicall 列表：随后的页表调用只写入列表，在发出之前不会进入 Xen。',
      }
    case 'xenpv.multicall-queue':
      return {
        en: `Multicall entry ${e.entry}: ${e.call.call} with ${e.call.call === 'mmu_update' ? e.call.reqs.length : e.call.ops.length} request(s) is queued. No transition yet, and the tables are unchanged.`,
        zh: `multicall 第 ${e.entry} 项：含 ${e.call.call === 'mmu_update' ? e.call.reqs.length : e.call.ops.length} 个请求的 ${e.call.call} 已排队。还没有切换，页表也没有改变。`,
      }
    case 'xenpv.direct-write': {
      const head = {
        en: `The guest stores straight into MFN ${hex(e.mfn)}, ${TYPE[e.pageType].en}. Its mapping (VA ${hex(e.va)}) is read-only, as Xen requires, so the store faults (#PF, error code ${hex(BigInt(e.fault.errorCode))}: P=1, W=1) and the fault enters Xen.`,
        zh: `客户机直接写 MFN ${hex(e.mfn)}（${TYPE[e.pageType].zh}）。它的映射（VA ${hex(e.va)}）是只读的，这是 Xen 的要求，所以这次写触发缺页异常（#PF，错误码 ${hex(BigInt(e.fault.errorCode))}：P=1，W=1），异常进入 Xen。`,
      }
      switch (e.ptwr) {
        case 'emulated':
          return {
            en: `${head.en} The page is an L1 table, so Xen emulates the store (“writable page tables”): it checks the new entry exactly as mmu_update would, writes ${hex(e.now)} at ${hex(e.entryMa)}, and the guest continues. One trap per store: mmu_update can batch, this cannot.`,
            zh: `${head.zh} 该页是 L1 页表，所以 Xen 模拟这次写（“可写页表”）：像 mmu_update 一样检查新表项，把 ${hex(e.now)} 写到 ${hex(e.entryMa)}，客户机继续运行。每次写都陷入一次：mmu_update 可以批处理，这种方式不行。`,
          }
        case 'refused': {
          const w = e.refusal ? refusalWords(e.refusal) : { en: '', zh: '' }
          return {
            en: `${head.en} Xen tries to emulate it as an L1 update, but the new entry fails a check: ${w.en}. Xen does not write it and delivers the #PF to the guest.`,
            zh: `${head.zh} Xen 试图把它当作 L1 更新来模拟，但新表项没有通过检查：${w.zh}。Xen 不写入，并把 #PF 交给客户机。`,
          }
        }
        case 'unaligned':
          return {
            en: `${head.en} The store is not naturally aligned, so Xen does not emulate it and delivers the #PF to the guest.`,
            zh: `${head.zh} 这次写没有自然对齐，Xen 不模拟它，把 #PF 交给客户机。`,
          }
        case 'not-l1':
          return {
            en: `${head.en} Xen emulates stores only into L1 tables; this is ${TYPE[e.pageType].en}, so the #PF is delivered to the guest. Upper levels change only through mmu_update.`,
            zh: `${head.zh} Xen 只模拟对 L1 页表的写；这是${TYPE[e.pageType].zh}，所以 #PF 交给客户机。上层页表只能通过 mmu_update 修改。`,
          }
      }
      return head
    }
    case 'xenpv.access': {
      const o = e.outcome
      if (o.result === 'ok')
        return {
          en: `The MMU walks the guest’s own tables directly (${e.refs.length} entr${e.refs.length === 1 ? 'y' : 'ies'} read, all at machine addresses) and reaches machine address ${hex(o.pa)}. No P2M lookup, no shadow table, no exit: the tables already hold machine frames.`,
          zh: `MMU 直接遍历客户机自己的页表（读取 ${e.refs.length} 个表项，都在机器地址上），得到机器地址 ${hex(o.pa)}。不查 P2M、没有影子页表、也没有退出：页表里存的已经是机器页帧。`,
        }
      return {
        en: `The walk of the guest’s tables faults (${o.fault.vector === 14 ? `#PF, error code ${hex(BigInt(o.fault.errorCode))}` : '#GP'}).${e.trapped ? ' A PV guest’s exceptions enter Xen first, which bounces this one to the guest kernel.' : ''}`,
        zh: `遍历客户机页表时出错（${o.fault.vector === 14 ? `#PF，错误码 ${hex(BigInt(o.fault.errorCode))}` : '#GP'}）。${e.trapped ? '半虚拟化客户机的异常先进入 Xen，再由 Xen 转交给客户机内核。' : ''}`,
      }
    }
    case 'xenpv.map':
      return e.ok
        ? {
            en: `The guest kernel has mapped VA ${hex(e.va)} to machine address ${hex(e.ma)} the PV way: ${e.newTables.length} new table page${e.newTables.length === 1 ? '' : 's'} from its own memory, every entry written by Xen after checking, ${e.hypercalls} hypercall${e.hypercalls === 1 ? '' : 's'} in all.`,
            zh: `客户机内核以半虚拟化的方式把 VA ${hex(e.va)} 映射到机器地址 ${hex(e.ma)}：从自己的内存中取出 ${e.newTables.length} 个新页表页，每个表项都由 Xen 检查后写入，共 ${e.hypercalls} 次超级调用。`,
          }
        : {
            en: `Mapping VA ${hex(e.va)} to machine address ${hex(e.ma)} failed: Xen refused one of the updates (see the step before).`,
            zh: `把 VA ${hex(e.va)} 映射到机器地址 ${hex(e.ma)} 失败：Xen 拒绝了其中一个更新（见上一步）。`,
          }
  }
}
