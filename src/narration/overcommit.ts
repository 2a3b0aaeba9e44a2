// What a host-memory step did, in English and Simplified Chinese (hw-facts-2 §3.1-3.3).
import type { Localized } from '../console/index.ts'
import {
  type FreeState,
  type OcEvent,
  type ShareOutcome,
  exhaustive,
  freeFrames,
} from '../engine/index.ts'
import { rhoValue } from '../console/format/overcommit.ts'
import { listZh, tidyZh } from './zh.ts'

const nameOf = (e: OcEvent, vm: number): string => e.after.vms[vm]?.name ?? `#${vm}`
/** A guest's name in Chinese text: an identifier, so in backticks. */
const nz = (e: OcEvent, vm: number): string => `\`${nameOf(e, vm)}\``
/** A guest page in Chinese text. */
const pz = (e: OcEvent, vm: number, gfn: number): string => `${nz(e, vm)} 的页 ${gfn}`
const listEn = (xs: readonly number[]): string => (xs.length === 0 ? 'none' : xs.join(', '))
const L = (en: string, zh: string): Localized => ({ en, zh: tidyZh(zh) })

const STATE: Record<FreeState, Localized> = {
  high: { en: 'high (at least 6 % free): no reclamation', zh: '`high`（空闲至少 6%）：不回收' },
  soft: {
    en: 'soft (at least 4 % free): reclaim by ballooning',
    zh: '`soft`（空闲至少 4%）：用气球回收',
  },
  hard: {
    en: 'hard (at least 2 % free): reclaim by swapping',
    zh: '`hard`（空闲至少 2%）：用换出回收',
  },
  low: {
    en: 'low (below 2 % free): swap, and block VMs above their target',
    zh: '`low`（空闲低于 2%）：换出，并阻塞超出目标的虚拟机',
  },
}

function shareWords(e: Extract<OcEvent, { kind: 'mem.share' }>): Localized {
  const who = `${nameOf(e, e.vm)} gfn ${e.gfn}`
  const other = e.other === null ? '' : `${nameOf(e, e.other.vm)} gfn ${e.other.gfn}`
  const whoZ = pz(e, e.vm, e.gfn)
  const otherZ = e.other === null ? '' : pz(e, e.other.vm, e.other.gfn)
  const o: ShareOutcome = e.outcome
  switch (o) {
    case 'hint':
      return L(
        `ESX hashes ${who}: ${e.hash}. No entry has this hash, so a hint frame records it with its back-reference (VM, page). The page stays private and writable.`,
        `ESX 对 ${whoZ} 求哈希：${e.hash}。表中没有这个哈希，于是加一个提示项，记下它的反向引用（虚拟机，页号）。这个页仍是私有、可写的。`,
      )
    case 'stale-hint':
      return L(
        `ESX hashes ${who} and finds a hint for ${other}, but that page changed since it was hashed (hint pages are not write-protected): the hint now points at ${who}.`,
        `ESX 对 ${whoZ} 求哈希，找到指向 ${otherZ} 的提示项，但那个页在求哈希之后被改过（提示页没有写保护）：提示项改为指向 ${whoZ}。`,
      )
    case 'merged':
      return L(
        `Hash ${e.hash} matches the hint for ${other}. A full comparison of the two pages finds them equal, so both now map machine frame ${e.mfn} read-only (reference count 2) and frame ${e.freed} is free again. A write to either will fault and get a private copy.`,
        `哈希 ${e.hash} 与 ${otherZ} 的提示项一致。逐字节比较两个页，内容相同，于是两者都只读映射到机器页框 ${e.mfn}（引用计数 2），页框 ${e.freed} 被释放。以后任一方写入都会触发缺页并得到私有副本。`,
      )
    case 'joined':
      return L(
        `Hash ${e.hash} is already a shared frame. The full comparison matches, so ${who} maps frame ${e.mfn} read-only too (reference count ${e.refs}) and its own frame ${e.freed} is freed.`,
        `哈希 ${e.hash} 已经是一个共享页框。逐字节比较一致，于是 ${whoZ} 也只读映射到页框 ${e.mfn}（引用计数 ${e.refs}），它原来的页框 ${e.freed} 被释放。`,
      )
    case 'collision':
      return L(
        `Hash ${e.hash} matches, but the full comparison finds different contents: a hash collision. Nothing is shared.`,
        `哈希 ${e.hash} 相同，但逐字节比较发现内容不同：这是哈希冲突。不做共享。`,
      )
    case 'already-shared':
      return L(
        `${who} already maps shared frame ${e.mfn} (reference count ${e.refs}): nothing to do.`,
        `${whoZ} 已经映射共享页框 ${e.mfn}（引用计数 ${e.refs}）：无事可做。`,
      )
    case 'already-hinted':
      return L(
        `${who} is the page its own hint points at: nothing to compare yet.`,
        `${whoZ} 正是它自己的提示项所指的页：还没有可比较的对象。`,
      )
    case 'not-backed':
      return L(
        `${who} has no frame of its own (ballooned, swapped or never used): nothing to hash.`,
        `${whoZ} 没有自己的页框（在气球里、被换出或从未使用）：没有可求哈希的内容。`,
      )
    default:
      return exhaustive(o)
  }
}

export function describeOcEvent(e: OcEvent): Localized {
  switch (e.kind) {
    case 'mem.host':
      return L(
        `A host with ${e.frames} machine frames of 4 KiB, all free. Guests will share this pool; the host may promise them more pages than it has.`,
        `一台有 ${e.frames} 个 4 KiB 机器页框的主机，页框全部空闲。客户机将共用这个池；主机许诺给它们的页可以比它实有的多。`,
      )
    case 'mem.vm':
      return L(
        `Guest ${e.name} boots with ${e.pages} pages of RAM. It touched every page while booting (it zeroes its free pages), so all ${e.backed} have host frames. ${freeFrames(e.after)} host frames are still free.`,
        `客户机 \`${e.name}\` 启动，内存 ${e.pages} 页。它在启动时访问过每一个页（空闲页被清零），所以 ${e.backed} 个页都有主机页框。主机还有 ${freeFrames(e.after)} 个空闲页框。`,
      )
    case 'mem.write': {
      const cow = e.faults.find((f) => f.kind === 'cow')
      const last = e.faults.find((f) => f.kind === 'unshare-last')
      const swapIn = e.faults.find((f) => f.kind === 'swap-in')
      const span =
        e.gfns.length === 1 ? `${e.gfns[0]}` : `${e.gfns[0]}–${e.gfns[e.gfns.length - 1]}`
      const who = `${nameOf(e, e.vm)} writes gfn ${span}`
      const whoZ = `${nz(e, e.vm)} 写页 ${span}`
      if (cow !== undefined)
        return L(
          `${who}. The page maps shared frame ${cow.from} read-only, so the store faults into the hypervisor: it copies the page to frame ${cow.mfn}, maps that one writable for this guest and drops the shared frame's reference count to ${cow.refsLeft}. The other sharers keep the old contents.`,
          `${whoZ}。这个页只读映射到共享页框 ${cow.from}，所以这次写入引起缺页，进入虚拟机监控器：它把页复制到页框 ${cow.mfn}，为这个客户机可写地映射新页框，并把共享页框的引用计数降到 ${cow.refsLeft}。其他共享者仍看到原来的内容。`,
        )
      if (last !== undefined)
        return L(
          `${who}. It held the last reference to shared frame ${last.mfn}, so the fault just makes the frame private and writable again: no copy.`,
          `${whoZ}。它持有共享页框 ${last.mfn} 的最后一个引用，所以缺页处理只需把页框改回私有、可写：不用复制。`,
        )
      if (swapIn !== undefined)
        return L(
          `${who}. The host had swapped that page out, so the store faults and the host reads it back from swap slot ${swapIn.slot} into frame ${swapIn.mfn} first.`,
          `${whoZ}。主机之前把这个页换出了，所以写入引起缺页，主机先从交换槽 ${swapIn.slot} 把它读回到页框 ${swapIn.mfn}。`,
        )
      const fresh = e.faults.filter((f) => f.kind === 'fresh' || f.kind === 'cow-zero').length
      return L(
        `${who} ('${e.content}').${fresh > 0 ? ` ${fresh} of those pages had no frame, so the host gave them fresh ones.` : ' The pages are private and writable: no fault.'}`,
        `${whoZ}（\`${e.content}\`）。${fresh > 0 ? `其中 ${fresh} 个页没有页框，主机给了新的页框。` : '这些页是私有且可写的：没有缺页。'}`,
      )
    }
    case 'mem.touch': {
      const who = nameOf(e, e.vm)
      const whoZ = nz(e, e.vm)
      const parts: Localized[] = []
      if (e.dropped.length > 0)
        parts.push(
          L(
            `it drops clean page-cache pages ${listEn(e.dropped)} (no I/O)`,
            `丢弃干净的页缓存页 ${listZh(e.dropped)}（无需 I/O）`,
          ),
        )
      if (e.pagedOut.length > 0)
        parts.push(
          L(
            `it pages ${listEn(e.pagedOut)} out to its own disk`,
            `把 ${listZh(e.pagedOut)} 换出到自己的磁盘`,
          ),
        )
      if (e.doublePaged.length > 0)
        parts.push(
          L(
            `the host had swapped ${listEn(e.doublePaged)} and must read them back first: double paging`,
            `主机已换出 ${listZh(e.doublePaged)}，必须先读回：双重换页`,
          ),
        )
      if (e.oomDeflated.length > 0)
        parts.push(
          L(
            `out of memory, the balloon’s OOM notifier (DEFLATE_ON_OOM) gives back ${listEn(e.oomDeflated)}`,
            `内存耗尽时，气球的 OOM 通知（DEFLATE_ON_OOM）交回 ${listZh(e.oomDeflated)}`,
          ),
        )
      const how =
        parts.length === 0
          ? null
          : { en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') }
      return L(
        `${who}’s workload needs ${e.allocated.length + e.short} more pages. The guest decides where they come from: ${how === null ? 'its free list has enough' : how.en}. It gets ${listEn(e.allocated)}.${e.short > 0 ? ` ${e.short} pages short: the guest is out of memory and its OOM killer would now kill a process.` : ''}`,
        `${whoZ} 的负载还需要 ${e.allocated.length + e.short} 个页。由客户机决定从哪里来：${how === null ? '空闲链表就够' : how.zh}。它得到 ${listZh(e.allocated)}。${e.short > 0 ? `还差 ${e.short} 个页：客户机内存耗尽，它的 \`OOM killer\` 现在会杀掉一个进程。` : ''}`,
      )
    }
    case 'mem.balloon': {
      const d = e.numPages - e.actual
      return L(
        `The host writes num_pages = ${e.numPages} into ${nameOf(e, e.vm)}’s virtio-balloon config and raises a config-change interrupt. The driver compares it with actual = ${e.actual}: ${d > 0 ? `inflate by ${d} pages` : d < 0 ? `deflate by ${-d} pages` : 'nothing to do'}.`,
        `主机把 \`num_pages\` = ${e.numPages} 写进 ${nz(e, e.vm)} 的 \`virtio-balloon\` 配置，并发出配置变更中断。驱动把它与 \`actual\` = ${e.actual} 比较：${d > 0 ? `充气 ${d} 页` : d < 0 ? `放气 ${-d} 页` : '无事可做'}。`,
      )
    }
    case 'mem.inflate': {
      const from: Localized[] = []
      if (e.fromFree.length > 0)
        from.push(L(`free pages ${listEn(e.fromFree)}`, `空闲页 ${listZh(e.fromFree)}`))
      if (e.dropped.length > 0)
        from.push(
          L(
            `page-cache pages ${listEn(e.dropped)} it dropped`,
            `丢弃的页缓存页 ${listZh(e.dropped)}`,
          ),
        )
      if (e.pagedOut.length > 0)
        from.push(
          L(
            `pages ${listEn(e.pagedOut)} it paged out to its own disk`,
            `换出到自己磁盘的页 ${listZh(e.pagedOut)}`,
          ),
        )
      return L(
        `The balloon driver allocates pages and the guest chooses which: ${from.map((f) => f.en).join(', ') || 'none'}. It puts their PFNs (address ÷ 4096) on the inflate queue and kicks the device; it must not touch them again.${e.short > 0 ? ` The guest has nothing more to give (only kernel pages are left): "Out of puff!", ${e.short} pages short. The driver does not OOM the guest for the balloon.` : ''}`,
        `气球驱动分配页，由客户机决定是哪些：${from.map((f) => f.zh).join('，') || '无'}。它把这些页的 PFN（地址 ÷ 4096）放进充气队列并通知设备；此后不得再访问它们。${e.short > 0 ? `客户机再也给不出页了（只剩内核页）：\`Out of puff!\`，还差 ${e.short} 页。驱动不会为了气球让客户机内存耗尽。` : ''}`,
      )
    }
    case 'mem.inflate-ack':
      return L(
        `The host takes the PFNs off the inflate queue and frees the frames behind them: ${listEn(e.freed)}${e.swapSlotsFreed > 0 ? `, and ${e.swapSlotsFreed} host swap slots` : ''}. Their P2M entries are now empty. The driver sets actual = ${e.actual}${e.actual < e.numPages ? `, short of num_pages = ${e.numPages}` : ''}.`,
        `主机从充气队列取下这些 PFN，释放它们背后的页框：${listZh(e.freed)}${e.swapSlotsFreed > 0 ? `，以及 ${e.swapSlotsFreed} 个主机交换槽` : ''}。它们的 P2M 项现在为空。驱动设置 \`actual\` = ${e.actual}${e.actual < e.numPages ? `，仍少于 \`num_pages\` = ${e.numPages}` : ''}。`,
      )
    case 'mem.deflate':
      return e.mustTellHost
        ? L(
            `Deflate: the driver puts PFNs ${listEn(e.pfns)} on the deflate queue. With MUST_TELL_HOST it waits until the device has used the buffer, then returns the pages to the guest’s free list; actual = ${e.actual}. They have no frames yet: the host backs each on its first touch.`,
            `放气：驱动把 PFN ${listZh(e.pfns)} 放进放气队列。有 MUST_TELL_HOST 时，它等设备用完这个缓冲区，才把这些页还给客户机的空闲链表；\`actual\` = ${e.actual}。它们还没有页框：主机在首次访问时再分配。`,
          )
        : L(
            `Deflate without MUST_TELL_HOST: the driver returns pages ${listEn(e.pfns)} to the guest’s free list at once and may reuse them before the host hears of it; actual = ${e.actual}. The host backs each page on its first touch.`,
            `没有 MUST_TELL_HOST 的放气：驱动立即把页 ${listZh(e.pfns)} 还给客户机的空闲链表，在主机得知之前就可以重用；\`actual\` = ${e.actual}。主机在每个页首次被访问时再分配页框。`,
          )
    case 'mem.share':
      return shareWords(e)
    case 'mem.ksm-config':
      return e.madvise === null
        ? L(
            `use_zero_pages = ${e.zero ? 1 : 0}: ${e.zero ? 'zero-filled pages will be mapped to the kernel’s zero page (counted in ksm_zero_pages, not in pages_sharing)' : 'zero-filled pages are merged like any other'}.`,
            `\`use_zero_pages\` = ${e.zero ? 1 : 0}：${e.zero ? '全零页将映射到内核的零页（计入 `ksm_zero_pages`，不计入 `pages_sharing`）' : '全零页与其他页一样合并'}。`,
          )
        : L(
            `QEMU calls madvise(MADV_MERGEABLE) on ${nameOf(e, e.madvise)}’s guest RAM: ksmd will scan its pages.`,
            `QEMU 对 ${nz(e, e.madvise)} 的客户机内存调用 \`madvise(MADV_MERGEABLE)\`：\`ksmd\` 将扫描它的页。`,
          )
    case 'mem.ksm-scan': {
      const c = e.counters
      const n = (o: string) => e.scanned.filter((s) => s.outcome === o).length
      const one = e.scanned.length === 1 ? e.scanned[0] : undefined
      const counters = `pages_shared ${c.pagesShared}, pages_sharing ${c.pagesSharing}, pages_unshared ${c.pagesUnshared}, pages_volatile ${c.pagesVolatile}${c.zeroPages > 0 ? `, ksm_zero_pages ${c.zeroPages}` : ''}`
      const countersZh = `\`pages_shared\` ${c.pagesShared}，\`pages_sharing\` ${c.pagesSharing}，\`pages_unshared\` ${c.pagesUnshared}，\`pages_volatile\` ${c.pagesVolatile}${c.zeroPages > 0 ? `，\`ksm_zero_pages\` ${c.zeroPages}` : ''}`
      const done =
        e.completed > 0
          ? L(
              ` Full scan ${c.fullScans} is over: the unstable tree is thrown away and rebuilt by the next scan.`,
              `第 ${c.fullScans} 次完整扫描结束：丢弃不稳定树，下次扫描重建。`,
            )
          : L('', '')
      if (one !== undefined) {
        const who = `${nameOf(e, one.vm)} gfn ${one.gfn}`
        const whoZ = pz(e, one.vm, one.gfn)
        const what: Record<string, Localized> = {
          volatile: L(
            `its checksum differs from the last scan’s (or it is new), so ksmd records the checksum and leaves it: volatile`,
            `它的校验和与上次扫描不同（或者是第一次见到），\`ksmd\` 记下校验和并跳过它：易变页`,
          ),
          'unstable-insert': L(
            `no KSM page has its contents, its checksum did not change, and no unstable-tree page matches: it goes into the unstable tree (not write-protected)`,
            `没有 KSM 页与它内容相同，校验和没有变化，不稳定树里也没有匹配：它被插入不稳定树（不加写保护）`,
          ),
          'unstable-merge': L(
            `it matches a page in the unstable tree: both are merged into one write-protected KSM page (frame ${one.mfn}) in the stable tree`,
            `它与不稳定树中的一个页匹配：两者合并成一个写保护的 KSM 页（页框 ${one.mfn}），放进稳定树`,
          ),
          'stable-merge': L(
            `it matches KSM page ${one.mfn} in the stable tree: mapped to it read-only, its own frame freed`,
            `它与稳定树中的 KSM 页 ${one.mfn} 匹配：只读映射到该页，释放自己的页框`,
          ),
          zero: L(
            `it is zero-filled: mapped to the kernel’s zero page, its frame freed`,
            `它全为零：映射到内核的零页，释放自己的页框`,
          ),
          already: L(`it is already a KSM page`, `它已经是 KSM 页`),
          skipped: L(`it has no frame in memory: skipped`, `它在内存中没有页框：跳过`),
        }
        const w = what[one.outcome] ?? L(one.outcome, one.outcome)
        return L(
          `ksmd scans ${who}: ${w.en}. ${counters}.${done.en}`,
          `\`ksmd\` 扫描 ${whoZ}：${w.zh}。${countersZh}。${done.zh}`,
        )
      }
      return L(
        `ksmd scans ${e.scanned.length} pages: ${n('volatile')} changed since the last scan (volatile), ${n('unstable-insert')} went into the unstable tree, ${n('unstable-merge')} merged from it into new KSM pages, ${n('stable-merge')} joined stable-tree pages${n('zero') > 0 ? `, ${n('zero')} went to the zero page` : ''}. ${counters}.${done.en}`,
        `\`ksmd\` 扫描了 ${e.scanned.length} 个页：${n('volatile')} 个自上次扫描后变过（易变），${n('unstable-insert')} 个插入不稳定树，${n('unstable-merge')} 个与不稳定树中的页合并成新的 KSM 页，${n('stable-merge')} 个并入稳定树中的页${n('zero') > 0 ? `，${n('zero')} 个映射到零页` : ''}。${countersZh}。${done.zh}`,
      )
    }
    case 'mem.swap-out': {
      const why: Record<typeof e.why, Localized> = {
        command: L('The hypervisor picks it', '虚拟机监控器选中它'),
        'no-frame': L(
          'No frame is free, so the host picks a page at random',
          '没有空闲页框，主机随机选一个页',
        ),
        reclaim: L(
          'Reclaiming in the hard state, ESX picks a page at random',
          '在 `hard` 状态下回收，ESX 随机选一个页',
        ),
      }
      return L(
        `${why[e.why].en}: ${nameOf(e, e.vm)} gfn ${e.gfn}. The host writes frame ${e.mfn} to its swap slot ${e.slot} (one disk write) and frees the frame. The guest is not told: it still believes the page is in RAM, and it knows better than the host which pages it needs.`,
        `${why[e.why].zh}：${pz(e, e.vm, e.gfn)}。主机把页框 ${e.mfn} 写入自己的交换槽 ${e.slot}（一次磁盘写）并释放页框。客户机并不知道：它仍以为这个页在内存里，而哪些页有用，它比主机清楚。`,
      )
    }
    case 'mem.swap-in':
      return e.forPageout
        ? L(
            `The guest wants to page out ${nameOf(e, e.vm)} gfn ${e.gfn} to its own disk, so its disk driver reads the page. The host had swapped it: the read faults and the host reads it back from swap slot ${e.slot} into frame ${e.mfn} (a second disk I/O) only for the guest to write it out again.`,
            `客户机要把 ${pz(e, e.vm, e.gfn)} 换出到自己的磁盘，于是它的磁盘驱动读取这个页。主机之前换出了它：这次读引起缺页，主机从交换槽 ${e.slot} 把它读回页框 ${e.mfn}（第二次磁盘 I/O），而客户机只是要把它再写出去。`,
          )
        : L(
            `${nameOf(e, e.vm)} touches gfn ${e.gfn}, which the host had swapped: the host reads it back from swap slot ${e.slot} into frame ${e.mfn}.`,
            `${nz(e, e.vm)} 访问页 ${e.gfn}，它已被主机换出：主机从交换槽 ${e.slot} 把它读回页框 ${e.mfn}。`,
          )
    case 'mem.pageout':
      return e.doublePaged
        ? L(
            `The guest writes gfn ${e.gfn} to its own swap (disk slot ${e.diskSlot}) and frees the page. Double paging: this one page cost 3 disk I/Os (host swap-out, host swap-in, guest write), and the host now holds a frame for a page the guest has just freed. A balloon would have let the guest choose first: one write, no frame wasted.`,
            `客户机把页 ${e.gfn} 写入自己的交换区（磁盘槽 ${e.diskSlot}）并释放这个页。这就是双重换页：这一个页花了 3 次磁盘 I/O（主机换出、主机换入、客户机写出），而主机现在还为客户机刚释放的页占着一个页框。若用气球，客户机会先做选择：一次写，不浪费页框。`,
          )
        : L(
            `The guest pages gfn ${e.gfn} out to its own disk (slot ${e.diskSlot}): one disk write, and the page is free in the guest.`,
            `客户机把页 ${e.gfn} 换出到自己的磁盘（槽 ${e.diskSlot}）：一次磁盘写，这个页在客户机里变为空闲。`,
          )
    case 'mem.tax':
      return L(
        `Idle memory tax τ = ${e.pct} %: an idle page costs k = 1 ÷ (1 − τ) = ${e.k.toPrecision(3)} active pages in the shares-per-page ratio ρ = S ÷ (P × (f + k × (1 − f))).${e.pct === 0 ? ' With τ = 0 only shares count: idle memory is not taxed.' : ''}`,
        `空闲内存税 τ = ${e.pct}%：在每页份额比 \`ρ = S ÷ (P × (f + k × (1 − f)))\` 中，一个空闲页按 \`k = 1 ÷ (1 − τ)\` = ${e.k.toPrecision(3)} 个活跃页计。${e.pct === 0 ? 'τ = 0 时只看份额：空闲内存不收税。' : ''}`,
      )
    case 'mem.reclaim': {
      const rows = e.rho.map(
        (r) =>
          `${nameOf(e, r.vm)} ρ = ${rhoValue(r.rho) ?? '∞'} (S ${r.shares}, P ${r.pages}, ${r.active} active)`,
      )
      const rowsZh = e.rho.map(
        (r) =>
          `${nz(e, r.vm)} ρ = ${rhoValue(r.rho) ?? '∞'}（S ${r.shares}，P ${r.pages}，活跃 ${r.active}）`,
      )
      if (e.method === 'none')
        return L(
          `${e.free} of ${e.total} frames are free: state ${STATE[e.state].en}.`,
          `${e.total} 个页框中有 ${e.free} 个空闲：状态 ${STATE[e.state].zh}。`,
        )
      const v = e.victim === null ? '' : nameOf(e, e.victim)
      const vz = e.victim === null ? '' : nz(e, e.victim)
      return L(
        `${e.free} of ${e.total} frames are free: state ${STATE[e.state].en}. ${e.needed} frames must come back to reach 6 %. Shares per page: ${rows.join('; ')}. Min-funding revocation takes from the lowest: ${v}, by ${e.method === 'balloon' ? 'ballooning, so the guest chooses the pages' : 'swapping pages at random'}.`,
        `${e.total} 个页框中有 ${e.free} 个空闲：状态 ${STATE[e.state].zh}。要回到 6%，需收回 ${e.needed} 个页框。每页份额比：${rowsZh.join('；')}。最小资助撤销从最低者收回：${vz}，方式是${e.method === 'balloon' ? '气球，由客户机选页' : '随机换出页'}。`,
      )
    }
    default:
      return exhaustive(e)
  }
}
