// What a VT-d, VFIO or SR-IOV step did, in English and Simplified Chinese (hw-facts-2 §2.5-2.7).
import type { Localized } from '../console/index.ts'
import { type FaultReason, type IommuEvent, bdfText, exhaustive, hex } from '../engine/index.ts'
import { FAULT_NAME, frHex } from '../console/format/iommu.ts'
import { tidyZh } from './zh.ts'

const FAULT_ZH: Record<FaultReason, string> = {
  0x1: '根表项不存在',
  0x2: '上下文表项不存在',
  0x3: '上下文表项无效',
  0x4: '地址超出域的宽度',
  0x5: '写被拒绝',
  0x6: '读被拒绝',
  0xa: '根表项保留位被置位',
  0xb: '上下文表项保留位被置位',
  0xc: '页表项保留位被置位',
  0x21: 'IRTE 索引超出表长',
  0x22: 'IRTE 不存在',
  0x26: '源 ID 无效',
}

/** Why a fault reason fired, in one clause. */
const FAULT_WHY: Record<FaultReason, Localized> = {
  0x1: { en: 'the root entry for this bus has P = 0', zh: '该总线的根表项 P = 0' },
  0x2: { en: 'the context entry for this devfn has P = 0', zh: '该 `devfn` 的上下文表项 P = 0' },
  0x3: {
    en: 'the context entry’s translation type or address width is one the hardware does not support',
    zh: '上下文表项的转换类型或地址宽度是硬件不支持的值',
  },
  0x4: { en: 'the IOVA is beyond the domain’s address width', zh: 'IOVA 超出了域的地址宽度' },
  0x5: {
    en: 'an entry on the way has W = 0 (a not-present entry too)',
    zh: '途中某一级表项 W = 0（不存在的表项也是如此）',
  },
  0x6: {
    en: 'an entry on the way has R = 0 (a not-present entry too)',
    zh: '途中某一级表项 R = 0（不存在的表项也是如此）',
  },
  0xa: { en: 'a reserved bit of the root entry is set', zh: '根表项的保留位被置位' },
  0xb: { en: 'a reserved bit of the context entry is set', zh: '上下文表项的保留位被置位' },
  0xc: {
    en: 'address bits above the host width are set in a second-level entry',
    zh: '二级页表项中高于主机地址宽度的地址位被置位',
  },
  0x21: { en: 'the handle is beyond the remapping table', zh: '句柄超出了重映射表' },
  0x22: { en: 'that IRTE has P = 0', zh: '该 IRTE 的 P = 0' },
  0x26: {
    en: 'the IRTE says only another source-ID may use it (SVT = 01)',
    zh: '该 IRTE 规定只有另一个源 ID 可以使用它（SVT = 01）',
  },
}

const dev = (rid: number): string => bdfText(rid)
const zdev = (rid: number): string => `\`${bdfText(rid)}\``

export function describeIommuEvent(e: IommuEvent): Localized {
  switch (e.kind) {
    case 'iommu.enable':
      return {
        en: `The driver turns VT-d on: a root table at ${hex(e.rtaddr)} goes into RTADDR (GCMD.SRTP), a ${e.irtEntries}-entry interrupt-remapping table at ${hex(e.irta)} into IRTA (SIRTP), then GCMD.TE and IRE. From now on every DMA is translated and every MSI remapped.`,
        zh: tidyZh(
          `驱动打开 VT-d：位于 ${hex(e.rtaddr)} 的根表写入 \`RTADDR\`（\`GCMD.SRTP\`），位于 ${hex(e.irta)} 的 ${e.irtEntries} 项中断重映射表写入 \`IRTA\`（\`SIRTP\`），然后置位 \`GCMD.TE\` 与 \`IRE\`。从此每次 DMA 都要经过转换，每个 MSI 都要经过重映射。`,
        ),
      }
    case 'iommu.domain':
      return {
        en: `Domain ${e.did}${e.vm === null ? '' : ` for guest ${e.vm}`}: an empty ${e.levels}-level second-level table at ${hex(e.root)} (${e.width}-bit IOVAs). Its devices will see only what is mapped here.`,
        zh: tidyZh(
          `域 ${e.did}${e.vm === null ? '' : `（客户机 \`${e.vm}\`）`}：位于 ${hex(e.root)} 的一张空的 ${e.levels} 级二级页表（${e.width} 位 IOVA）。域中的设备只能看到这里映射的内容。`,
        ),
      }
    case 'iommu.attach': {
      const root = e.writes.find((w) => w.table === 'root')
      return {
        en: `${root ? `Bus ${hex(BigInt(e.rid >> 8))} had no root entry, so a context table is allocated and root[${root.index}] points at it. ` : ''}Context entry ${e.rid & 0xff} (devfn of ${dev(e.rid)}) now holds P = 1, TT = ${e.tt}${e.tt === 2 ? ' (pass-through)' : e.tt === 3 ? ' (reserved)' : ''}, domain ${e.did} and that domain’s table pointer.`,
        zh: tidyZh(
          `${root ? `总线 ${hex(BigInt(e.rid >> 8))} 还没有根表项，于是分配一张上下文表，并让根表项 ${root.index} 指向它。` : ''}上下文表项 ${e.rid & 0xff}（${zdev(e.rid)} 的 \`devfn\`）现在是 P = 1、TT = ${e.tt}${e.tt === 2 ? '（直通）' : e.tt === 3 ? '（保留值）' : ''}、域 ${e.did}，以及该域的页表指针。`,
        ),
      }
    }
    case 'iommu.map':
      return {
        en: `${e.vm === null ? '' : `VFIO_IOMMU_MAP_DMA maps all of guest ${e.vm}’s RAM: `}IOVA ${hex(e.iova)} → HPA ${hex(e.hpa)}, ${e.pages} page${e.pages === 1 ? '' : 's'} (${e.read ? 'R' : ''}${e.write ? 'W' : ''}) in domain ${e.did}${e.tables > 0 ? `, with ${e.tables} new table${e.tables === 1 ? '' : 's'} on the way` : ''}.${e.vm === null ? '' : ' The IOVA a device uses is the guest-physical address its driver wrote.'}`,
        zh: tidyZh(
          `${e.vm === null ? '' : `\`VFIO_IOMMU_MAP_DMA\` 映射客户机 \`${e.vm}\` 的全部内存：`}在域 ${e.did} 中把 IOVA ${hex(e.iova)} 映射到 HPA ${hex(e.hpa)}，共 ${e.pages} 页（${e.read ? 'R' : ''}${e.write ? 'W' : ''}）${e.tables > 0 ? `，途中新建了 ${e.tables} 张表` : ''}。${e.vm === null ? '' : '设备使用的 IOVA 就是驱动写给它的客户物理地址。'}`,
        ),
      }
    case 'iommu.unmap':
      return {
        en: `The leaf entr${e.pages === 1 ? 'y is' : 'ies are'} cleared in domain ${e.did} at IOVA ${hex(e.iova)}. ${e.stale > 0 ? `But the IOTLB still holds ${e.stale} translation${e.stale === 1 ? '' : 's'} of ${e.pages === 1 ? 'it' : 'them'}: until software invalidates it, the device can still reach the old page.` : 'The IOTLB held no copy, so nothing stale remains.'}`,
        zh: tidyZh(
          `域 ${e.did} 中 IOVA ${hex(e.iova)} 处的叶子表项被清除。${e.stale > 0 ? `但 IOTLB 中仍有 ${e.stale} 条旧的转换：在软件使它失效之前，设备仍能访问原来的页。` : 'IOTLB 中没有它的副本，所以不会留下过期的转换。'}`,
        ),
      }
    case 'iommu.invalidate':
      return {
        en: `Software writes ${e.cache === 'context' ? 'CCMD' : 'the IOTLB register'} = ${hex(e.register)}: a ${e.scope} invalidation${e.did === null ? '' : ` of domain ${e.did}`}${e.iova === null ? '' : ` page ${hex(e.iova)}`}${e.rid === null ? '' : ` for ${dev(e.rid)}`}. ${e.dropped} cached entr${e.dropped === 1 ? 'y is' : 'ies are'} dropped; the next request reads the tables again.`,
        zh: tidyZh(
          `软件写 ${e.cache === 'context' ? '`CCMD`' : 'IOTLB 寄存器'} = ${hex(e.register)}：一次${e.scope === 'global' ? '全局' : e.scope === 'domain' ? '按域' : e.scope === 'device' ? '按设备' : '按页'}失效${e.did === null ? '' : `（域 ${e.did}）`}${e.iova === null ? '' : `，页 ${hex(e.iova)}`}${e.rid === null ? '' : `，设备 ${zdev(e.rid)}`}。${e.dropped} 条缓存项被丢弃；下一次请求会重新读表。`,
        ),
      }
    case 'iommu.poke':
      return {
        en: `Software writes ${hex(e.value)} over ${hex(e.old)} at ${hex(e.addr)} in the IOMMU’s tables. The hardware will check it on the next walk that reads it.`,
        zh: tidyZh(
          `软件在 IOMMU 表中 ${hex(e.addr)} 处用 ${hex(e.value)} 覆盖了 ${hex(e.old)}。下一次读到它的遍历会检查它。`,
        ),
      }
    case 'iommu.fault-clear':
      return {
        en: `Software clears ${e.cleared} fault record${e.cleared === 1 ? '' : 's'} (write 1 to F) and PFO, so new faults can be recorded again.`,
        zh: tidyZh(
          `软件清除了 ${e.cleared} 条故障记录（向 F 位写 1）以及 \`PFO\`，于是新的故障又能被记录了。`,
        ),
      }
    case 'iommu.device':
      return {
        en: `A PCIe device at ${dev(e.rid)} (requester ID ${hex(BigInt(e.rid))}): every DMA it issues carries that ID, which is how the IOMMU finds its tables. Its BAR0 sits at ${hex(e.bar0)}.`,
        zh: tidyZh(
          `位于 ${zdev(e.rid)} 的 PCIe 设备（请求者 ID ${hex(BigInt(e.rid))}）：它发出的每次 DMA 都带着这个 ID，IOMMU 正是靠它找到该设备的表。它的 BAR0 位于 ${hex(e.bar0)}。`,
        ),
      }
    case 'iommu.vm':
      return {
        en: `Guest ${e.name}: ${e.pages} pages of RAM. Its guest-physical page 0 is host page ${hex(e.base)}.`,
        zh: tidyZh(
          `客户机 \`${e.name}\`：${e.pages} 页内存。它的客户物理第 0 页是主机页 ${hex(e.base)}。`,
        ),
      }
    case 'iommu.cache':
      if (e.cache === 'context')
        return e.hit
          ? {
              en: `The context cache already knows ${dev(e.sid)}: domain ${e.did}. No root or context entry is read.`,
              zh: tidyZh(
                `上下文缓存已经认识 ${zdev(e.sid)}：域 ${e.did}。不必读根表项和上下文表项。`,
              ),
            }
          : {
              en: `A request from ${dev(e.sid)} for IOVA ${hex(e.iova)}. The context cache has nothing for this source-ID, so the IOMMU reads root[bus] and context[devfn].`,
              zh: tidyZh(
                `来自 ${zdev(e.sid)} 的请求，IOVA 为 ${hex(e.iova)}。上下文缓存中没有这个源 ID，所以 IOMMU 去读按总线号索引的根表项与按 \`devfn\` 索引的上下文表项。`,
              ),
            }
      return e.hit
        ? {
            en: `The IOTLB holds page ${hex(e.iova >> 12n)} of domain ${e.did}: no second-level table is read.`,
            zh: tidyZh(`IOTLB 中有域 ${e.did} 的页 ${hex(e.iova >> 12n)}：不必读二级页表。`),
          }
        : {
            en: `The IOTLB has no entry for page ${hex(e.iova >> 12n)} of domain ${e.did}: the IOMMU walks the second-level tables.`,
            zh: tidyZh(`IOTLB 中没有域 ${e.did} 的页 ${hex(e.iova >> 12n)}：IOMMU 遍历二级页表。`),
          }
    case 'iommu.ref': {
      if (e.table === 'root')
        return {
          en: `Root entry ${e.index} (the bus) at RTADDR + 16 × ${e.index} = ${hex(e.addr)}: ${hex(e.lo)}. ${(e.lo & 1n) === 1n ? `P = 1; the context table is at ${hex(e.lo & ~0xfffn)}.` : 'P = 0.'}`,
          zh: tidyZh(
            `根表项 ${e.index}（总线号），地址 RTADDR + 16 × ${e.index} = ${hex(e.addr)}：${hex(e.lo)}。${(e.lo & 1n) === 1n ? `P = 1；上下文表位于 ${hex(e.lo & ~0xfffn)}。` : 'P = 0。'}`,
          ),
        }
      if (e.table === 'context') {
        const hi = e.hi ?? 0n
        return {
          en: `Context entry ${e.index} (devfn ${dev(e.sid).slice(3)}) at ${hex(e.addr)}: ${hex(e.lo)} ${hex(hi)}. ${(e.lo & 1n) === 1n ? `P = 1, TT = ${Number((e.lo >> 2n) & 3n)}, domain ${Number((hi >> 8n) & 0xffffn)}, AW = ${Number(hi & 7n)}, second-level root ${hex(e.lo & ~0xfffn)}.` : 'P = 0.'}`,
          zh: tidyZh(
            `上下文表项 ${e.index}（\`devfn\` ${dev(e.sid).slice(3)}），地址 ${hex(e.addr)}：${hex(e.lo)} ${hex(hi)}。${(e.lo & 1n) === 1n ? `P = 1，TT = ${Number((e.lo >> 2n) & 3n)}，域 ${Number((hi >> 8n) & 0xffffn)}，AW = ${Number(hi & 7n)}，二级页表根 ${hex(e.lo & ~0xfffn)}。` : 'P = 0。'}`,
          ),
        }
      }
      if (e.table === 'irte') {
        const hi = e.hi ?? 0n
        return {
          en: `IRTE ${e.index} (the MSI’s handle) at IRTA + 16 × ${e.index} = ${hex(e.addr)}: ${hex(e.lo)} ${hex(hi)}. ${(e.lo & 1n) === 1n ? `P = 1, vector ${hex((e.lo >> 16n) & 0xffn)}, CPU ${e.lo >> 32n}, source-ID ${dev(Number(hi & 0xffffn))}.` : 'P = 0.'}`,
          zh: tidyZh(
            `IRTE ${e.index}（MSI 的句柄），地址 IRTA + 16 × ${e.index} = ${hex(e.addr)}：${hex(e.lo)} ${hex(hi)}。${(e.lo & 1n) === 1n ? `P = 1，向量 ${hex((e.lo >> 16n) & 0xffn)}，CPU ${e.lo >> 32n}，源 ID ${zdev(Number(hi & 0xffffn))}。` : 'P = 0。'}`,
          ),
        }
      }
      const present = (e.lo & 3n) !== 0n
      return {
        en: `Second-level level ${e.level}: index ${e.index} = bits ${12 + 9 * (e.level - 1) + 8}:${12 + 9 * (e.level - 1)} of the IOVA, entry at ${hex(e.addr)} = ${hex(e.lo)}. ${present ? `R = ${e.lo & 1n}, W = ${(e.lo >> 1n) & 1n}; ${e.level === 1 ? `the page is at ${hex(e.lo & 0xf_ffff_ffff_f000n)}` : `next table ${hex(e.lo & 0xf_ffff_ffff_f000n)}`}.` : 'Not present (R = W = 0).'}`,
        zh: tidyZh(
          `二级页表第 ${e.level} 级：索引 ${e.index} 取自 IOVA 的第 ${12 + 9 * (e.level - 1) + 8}～${12 + 9 * (e.level - 1)} 位，表项在 ${hex(e.addr)}，值为 ${hex(e.lo)}。${present ? `R = ${e.lo & 1n}，W = ${(e.lo >> 1n) & 1n}；${e.level === 1 ? `页位于 ${hex(e.lo & 0xf_ffff_ffff_f000n)}` : `下一张表位于 ${hex(e.lo & 0xf_ffff_ffff_f000n)}`}。` : '不存在（R = W = 0）。'}`,
        ),
      }
    }
    case 'iommu.dma':
      if (e.via === 'off')
        return {
          en: `With VT-d off the DMA ${e.write ? 'write' : 'read'} goes to HPA ${hex(e.hpa)} as it is${e.owner === null ? '' : `: that is guest ${e.owner}’s RAM`}. A device can reach any memory: nothing checks it.`,
          zh: tidyZh(
            `VT-d 关闭时，DMA ${e.write ? '写' : '读'}原样访问 HPA ${hex(e.hpa)}${e.owner === null ? '' : `：那是客户机 \`${e.owner}\` 的内存`}。设备可以访问任何内存：没有任何检查。`,
          ),
        }
      return {
        en: `The DMA ${e.write ? 'write' : 'read'} of IOVA ${hex(e.iova)} reaches HPA ${hex(e.hpa)}${e.owner === null ? '' : `, in guest ${e.owner}’s RAM`}${e.via === 'iotlb' ? ', straight from the IOTLB' : e.via === 'pass-through' ? ' untranslated (pass-through context)' : ''}.`,
        zh: tidyZh(
          `对 IOVA ${hex(e.iova)} 的 DMA ${e.write ? '写' : '读'}到达 HPA ${hex(e.hpa)}${e.owner === null ? '' : `，位于客户机 \`${e.owner}\` 的内存中`}${e.via === 'iotlb' ? '，直接由 IOTLB 给出' : e.via === 'pass-through' ? '，未经转换（直通上下文）' : ''}。`,
        ),
      }
    case 'iommu.fault': {
      const why = FAULT_WHY[e.fr]
      const rec =
        e.index === null
          ? {
              en: 'The next fault record still holds an unread fault, so FSTS.PFO is set and this one is lost.',
              zh: '下一条故障记录中仍有未读的故障，所以置位 `FSTS.PFO`，这次故障丢失。',
            }
          : {
              en: `Fault record ${e.index}: SID ${dev(e.sid)}, FR ${frHex(e.fr)}, T = ${e.record.read ? '1 (read)' : '0 (write)'}, F = 1.`,
              zh: `故障记录 ${e.index}：SID ${zdev(e.sid)}，FR ${frHex(e.fr)}，T = ${e.record.read ? '1（读）' : '0（写）'}，F = 1。`,
            }
      const hit =
        e.wouldHit === null
          ? { en: '', zh: '' }
          : {
              en: ` Without the IOMMU that address would have been guest ${e.wouldHit}’s RAM.`,
              zh: `如果没有 IOMMU，这个地址就是客户机 \`${e.wouldHit}\` 的内存。`,
            }
      return {
        en: `Blocked: fault ${frHex(e.fr)}, ${FAULT_NAME[e.fr]}: ${why.en}. The ${e.msi ? 'interrupt' : `${e.write ? 'write' : 'read'}`} never reaches memory. ${rec.en}${hit.en}`,
        zh: tidyZh(
          `被阻止：故障 ${frHex(e.fr)}，${FAULT_ZH[e.fr]}：${why.zh}。这次${e.msi ? '中断' : e.write ? '写' : '读'}不会到达内存。${rec.zh}${hit.zh}`,
        ),
      }
    }
    case 'iommu.interrupt':
      return {
        en: `The MSI from ${dev(e.sid)} carries handle ${e.handle}; IRTE ${e.handle} names this source-ID, so it is delivered as vector ${hex(BigInt(e.vector))} to CPU ${e.dest}.`,
        zh: tidyZh(
          `来自 ${zdev(e.sid)} 的 MSI 带着句柄 ${e.handle}；IRTE ${e.handle} 写明的正是这个源 ID，所以它作为向量 ${hex(BigInt(e.vector))} 投递给 CPU ${e.dest}。`,
        ),
      }
    case 'vfio.group':
      return {
        en: `VFIO: ${dev(e.rid)} is IOMMU group ${e.group} (/dev/vfio/${e.group}). QEMU adds the group to guest ${e.vm}’s container with VFIO_SET_IOMMU(TYPE1v2)${e.newDomain ? `, which gets a new domain, ${e.did}` : `, whose domain ${e.did} it shares`}.`,
        zh: tidyZh(
          `VFIO：${zdev(e.rid)} 是 IOMMU 组 ${e.group}（\`/dev/vfio/${e.group}\`）。QEMU 把该组加入客户机 \`${e.vm}\` 的容器，\`VFIO_SET_IOMMU(TYPE1v2)\`${e.newDomain ? `，容器得到一个新域 ${e.did}` : `，与其共用域 ${e.did}`}。`,
        ),
      }
    case 'vfio.bar':
      return {
        en: `QEMU mmaps BAR0 of ${dev(e.rid)} (VFIO region 0, HPA ${hex(e.hpa)}) and maps it into guest ${e.vm} at GPA ${hex(e.gpa)}. The guest driver’s register accesses now go straight to the device through EPT: no VM exit on the data path.`,
        zh: tidyZh(
          `QEMU 对 ${zdev(e.rid)} 的 BAR0（VFIO 区域 0，HPA ${hex(e.hpa)}）执行 \`mmap\`，并把它映射到客户机 \`${e.vm}\` 的 GPA ${hex(e.gpa)}。客户机驱动对寄存器的访问现在经 EPT 直达设备：数据通路上没有 VM 退出。`,
        ),
      }
    case 'vfio.msi':
      return {
        en: `IRTE ${e.handle} is written: vector ${hex(BigInt(e.vector))}, CPU ${e.dest}, source-ID ${dev(e.rid)} with SVT = 01 (only this requester may use it). The device gets MSI address ${hex(e.msiAddr)}: 0xFEE, bit 4 = 1 (remappable) and the handle in bits 19:5, not a vector.`,
        zh: tidyZh(
          `写入 IRTE ${e.handle}：向量 ${hex(BigInt(e.vector))}，CPU ${e.dest}，源 ID ${zdev(e.rid)}，SVT = 01（只有这个请求者可以使用它）。设备得到的 MSI 地址是 ${hex(e.msiAddr)}：0xFEE、第 4 位 = 1（可重映射），第 19～5 位是句柄而不是向量。`,
        ),
      }
    case 'vfio.touch':
      return e.what === 'bar'
        ? {
            en: `Guest ${e.vm} writes its device register at BAR0 + ${hex(BigInt(e.offset))} (GPA ${hex(e.gpa ?? 0n)}). EPT maps that page to the device’s BAR at HPA ${hex(e.hpa ?? 0n)}: the write reaches the device with no VM exit.`,
            zh: tidyZh(
              `客户机 \`${e.vm}\` 写设备寄存器 BAR0 + ${hex(BigInt(e.offset))}（GPA ${hex(e.gpa ?? 0n)}）。EPT 把这一页映射到设备位于 HPA ${hex(e.hpa ?? 0n)} 的 BAR：写操作直达设备，没有 VM 退出。`,
            ),
          }
        : {
            en: `Guest ${e.vm} reads config register ${hex(BigInt(e.offset))}: OUT to port 0xCF8 and IN from 0xCFC each exit (reason 30) and return to QEMU as KVM_EXIT_IO; QEMU reads VFIO region 7 and filters what the guest may see. Config space stays trapped.`,
            zh: tidyZh(
              `客户机 \`${e.vm}\` 读配置寄存器 ${hex(BigInt(e.offset))}：对端口 0xCF8 的 OUT 与对 0xCFC 的 IN 各引起一次退出（原因 30），以 \`KVM_EXIT_IO\` 返回 QEMU；QEMU 读 VFIO 区域 7，并过滤客户机能看到的内容。配置空间仍被截获。`,
            ),
          }
    case 'sriov.pf':
      return {
        en: `PF ${dev(e.rid)} has an SR-IOV capability: TotalVFs ${e.total}, First VF Offset ${hex(BigInt(e.offset))}, VF Stride ${e.stride}. Its VF BAR0 register describes one VF’s ${hex(e.vfBarSize)} bytes; the VFs’ BARs follow each other from ${hex(e.vfBar0)}.`,
        zh: tidyZh(
          `PF ${zdev(e.rid)} 有 SR-IOV 能力结构：\`TotalVFs\` ${e.total}，\`First VF Offset\` ${hex(BigInt(e.offset))}，\`VF Stride\` ${e.stride}。它的 VF BAR0 寄存器描述一个 VF 的 ${hex(e.vfBarSize)} 字节；各 VF 的 BAR 从 ${hex(e.vfBar0)} 起依次排列。`,
        ),
      }
    case 'sriov.enable':
      return e.numVfs === 0
        ? {
            en: `NumVFs = 0 and CTRL.VFE cleared on ${dev(e.rid)}: its VFs are gone.`,
            zh: tidyZh(`${zdev(e.rid)} 的 \`NumVFs\` = 0，\`CTRL.VFE\` 被清除：它的 VF 都消失了。`),
          }
        : {
            en: `Linux writes NumVFs = ${e.numVfs} to ${dev(e.rid)}, reads First VF Offset ${hex(BigInt(e.offset))} and VF Stride ${e.stride}, sets CTRL.VFE and VF MSE (${hex(BigInt(e.ctrl))}) and waits 100 ms. Each VF k appears at RID = PF RID + ${hex(BigInt(e.offset))} + k × ${e.stride}.`,
            zh: tidyZh(
              `Linux 向 ${zdev(e.rid)} 写 \`NumVFs\` = ${e.numVfs}，读出 \`First VF Offset\` ${hex(BigInt(e.offset))} 与 \`VF Stride\` ${e.stride}，置位 \`CTRL.VFE\` 与 VF MSE（${hex(BigInt(e.ctrl))}），等待 100 ms。每个 VF k 出现在 RID = PF RID + ${hex(BigInt(e.offset))} + k × ${e.stride}。`,
            ),
          }
    case 'sriov.vf':
      return {
        en: `VF${e.k}: RID ${hex(BigInt(e.pf))} + offset + ${e.k} × stride = ${hex(BigInt(e.rid))}, that is ${dev(e.rid)}. A PCIe function of its own with its own requester ID, so the IOMMU can give it its own domain. Its BAR0 is ${hex(e.bar0)}.`,
        zh: tidyZh(
          `VF${e.k}：RID ${hex(BigInt(e.pf))} + offset + ${e.k} × stride = ${hex(BigInt(e.rid))}，即 ${zdev(e.rid)}。它是一个独立的 PCIe 功能，有自己的请求者 ID，所以 IOMMU 能给它单独的域。它的 BAR0 是 ${hex(e.bar0)}。`,
        ),
      }
    default:
      return exhaustive(e)
  }
}
