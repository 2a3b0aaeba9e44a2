// Console rows of VT-d DMA remapping, VFIO device assignment and SR-IOV (CONSOLE.md `iommu`,
// `dma`, `vfio`, `sriov`). Devices are named as lspci names them: bus:dev.fn in hex.
import { type IommuOp, VM_MAX_PAGES, hpa } from '../../engine/index.ts'
import { type ArgReader, fieldValue, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const DID = intField('DID', 'a domain id', 0xffff, 'context-entry DID is 16 bits; 0 is reserved', 1)
const PAGES = intField(
  'pages',
  'a page count',
  VM_MAX_PAGES,
  'the model maps up to 2 MiB at a time',
  1,
)
const TT = intField('tt', 'a translation type', 3, 'context-entry TT is 2 bits', 0)
const VECTOR = intField(
  'vector',
  'an interrupt vector',
  0xff,
  'x86 vectors 32..255 are free for devices',
  32,
)
const CPU = intField('cpu', 'an APIC id', 0xff, 'an xAPIC destination is 8 bits')
const HANDLE = intField('handle', 'an IRTE handle', 0xffff, 'the MSI handle is 16 bits')
const OFFSET = intField('OFFSET', 'an offset', 0xffff_ffff, 'a BAR offset')
const TOTAL = intField('total', 'a VF count', 0xffff, 'TOTAL_VF is 16 bits', 1)
const NUMVFS = intField('N', 'a VF count', 0xffff, 'NUM_VF is 16 bits')
const VF_OFFSET = intField('offset', 'a First VF Offset', 0xffff, 'VF_OFFSET is 16 bits', 1)
const STRIDE = intField('stride', 'a VF Stride', 0xffff, 'VF_STRIDE is 16 bits', 1)

const BdfRe = /^(?:([0-9a-f]{4}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-9a-f])$/i

/** Reads `bb:dd.f` (or `0000:bb:dd.f`) and returns its RID; errors point into the word. */
export function parseBdf(text: string, column: number): number {
  const m = BdfRe.exec(text)
  if (!m)
    throw new ArgFailure(
      column,
      `expected a device as bus:dev.fn in hex, like 03:00.0, got '${text}'`,
    )
  const [, seg, b, d, f] = m
  if (seg !== undefined && parseInt(seg, 16) !== 0)
    throw new ArgFailure(column, `PCI segment ${seg}: the model has one segment, 0000`)
  const dev = parseInt(d ?? '', 16)
  const fn = parseInt(f ?? '', 16)
  const devAt = column + text.lastIndexOf(':') + 1
  if (dev > 0x1f)
    throw new ArgFailure(devAt, `device 0x${dev.toString(16)} is out of range 0..0x1f (5 bits)`)
  if (fn > 7)
    throw new ArgFailure(
      column + text.lastIndexOf('.') + 1,
      `function ${fn} is out of range 0..7 (3 bits)`,
    )
  return (parseInt(b ?? '', 16) << 8) | (dev << 3) | fn
}

function bdf(a: ArgReader, what = 'a device bus:dev.fn'): number {
  const column = a.nextColumn
  const t = a.optional((x) => x)
  if (t === null) throw a.missing(`expected ${what}, like 03:00.0`)
  return parseBdf(t, column)
}

/** A 4 KiB-aligned address option (`bar0=0xf0000000`), or null when absent. */
function addrOption(a: ArgReader, key: string, align = 0xfffn): bigint | null {
  const o = a.optionText(key)
  if (o === null) return null
  const f = intField(`${key}=`, 'an address', Number.MAX_SAFE_INTEGER, 'a 48-bit host address')
  const v = BigInt(fieldValue(o.value, o.column, f, `${key}=`))
  if (v >= 1n << 48n)
    throw new ArgFailure(o.column, `${key}=${o.value} is beyond the 48-bit host address width`)
  if ((v & align) !== 0n)
    throw new ArgFailure(
      o.column,
      `${key}=${o.value} is not aligned to 0x${(align + 1n).toString(16)}`,
    )
  return v
}

/** A BAR size: a power of two of at least 4 KiB (a BAR is naturally aligned). */
function sizeOption(a: ArgReader, key: string): bigint | null {
  const o = a.optionText(key)
  if (o === null) return null
  const f = intField(`${key}=`, 'a size in bytes', 2 ** 40, 'up to 1 TiB')
  const v = BigInt(fieldValue(o.value, o.column, f, `${key}=`))
  if (v < 0x1000n || (v & (v - 1n)) !== 0n)
    throw new ArgFailure(
      o.column,
      `${key}=${o.value}: a BAR size is a power of two of at least 4 KiB`,
    )
  return v
}

function address(a: ArgReader, what: string, align: bigint): bigint {
  const column = a.nextColumn
  const v = a.address(what)
  if ((v & align) !== 0n)
    throw new ArgFailure(
      column,
      `${what} 0x${v.toString(16)} is not aligned to 0x${(align + 1n).toString(16)}`,
    )
  return v
}

export const iommuCommands: readonly CommandDef<IommuOp>[] = [
  {
    words: ['iommu', 'on'],
    usage: 'iommu on',
    topic: 'memory',
    summary: {
      en: 'Turn on VT-d: allocate the root table and the interrupt-remapping table, write RTADDR and IRTA, then set GCMD.TE and IRE.',
      zh: '打开 VT-d：分配根表与中断重映射表，写 `RTADDR` 与 `IRTA`，再置位 `GCMD.TE` 与 `IRE`。',
    },
    example: 'iommu on',
    parse: (a): IommuOp => {
      a.done()
      return { kind: 'iommu.enable' }
    },
  },
  {
    words: ['iommu', 'domain'],
    usage: 'iommu domain DID [aw=39|48]',
    topic: 'memory',
    summary: {
      en: 'A DMA domain: its id and an empty top second-level table; aw=39 walks 3 levels, aw=48 (default) 4.',
      zh: '一个 DMA 域：域号和一张空的顶层二级页表；`aw=39` 走 3 级，`aw=48`（默认）走 4 级。',
    },
    example: 'iommu domain 1 aw=39',
    parse: (a): IommuOp => {
      const did = a.int(DID)
      const aw = a.option('aw', ['39', '48'] as const)
      a.done()
      return { kind: 'iommu.domain', did, width: aw === '39' ? 39 : 48 }
    },
  },
  {
    words: ['iommu', 'attach'],
    usage: 'iommu attach BDF DID [tt=0..3]',
    topic: 'memory',
    summary: {
      en: 'Point a device’s context entry at a domain (writing its bus’s root entry if absent). tt=0 translates (default), 2 passes through, 3 is reserved.',
      zh: '让设备的上下文表项指向一个域（其总线没有根表项时先写根表项）。`tt=0` 表示转换（默认），2 表示直通，3 为保留值。',
    },
    example: 'iommu attach 03:00.0 1',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const did = a.int(DID)
      const tt = a.intOption('tt', TT) ?? 0
      a.done()
      return { kind: 'iommu.attach', rid, did, tt }
    },
  },
  {
    words: ['iommu', 'map'],
    usage: 'iommu map DID IOVA HPA [pages=N] [r|w|rw]',
    topic: 'memory',
    summary: {
      en: 'Map IOVA to HPA in a domain’s second-level tables, allocating tables on the way; r, w or rw (default) set the leaf’s R and W bits.',
      zh: '在域的二级页表中把 IOVA 映射到 HPA，途中缺的表会被分配；`r`、`w` 或 `rw`（默认）决定叶子表项的 R 与 W 位。',
    },
    example: 'iommu map 1 0x1000 0x40000000 r',
    parse: (a): IommuOp => {
      const did = a.int(DID)
      const iova = address(a, 'IOVA', 0xfffn)
      const to = address(a, 'HPA', 0xfffn)
      const perm = a.optionalWord(['r', 'w', 'rw'] as const) ?? 'rw'
      const pages = a.intOption('pages', PAGES) ?? 1
      a.done()
      return {
        kind: 'iommu.map',
        did,
        iova,
        hpa: hpa(to),
        pages,
        read: perm !== 'w',
        write: perm !== 'r',
      }
    },
  },
  {
    words: ['iommu', 'unmap'],
    usage: 'iommu unmap DID IOVA [pages=N]',
    topic: 'memory',
    summary: {
      en: 'Clear the leaf entries of mapped pages. The IOTLB may still hold them until `iommu invalidate iotlb`.',
      zh: '清除已映射页的叶子表项。在 `iommu invalidate iotlb` 之前，IOTLB 可能仍缓存着它们。',
    },
    example: 'iommu unmap 1 0x1000',
    parse: (a): IommuOp => {
      const did = a.int(DID)
      const iova = address(a, 'IOVA', 0xfffn)
      const pages = a.intOption('pages', PAGES) ?? 1
      a.done()
      return { kind: 'iommu.unmap', did, iova, pages }
    },
  },
  {
    words: ['iommu', 'invalidate'],
    usage:
      'iommu invalidate context global|domain DID|device BDF | iotlb global|domain DID|page DID IOVA',
    topic: 'memory',
    summary: {
      en: 'Invalidate the context cache (CCMD) or the IOTLB (IOTLB register): everything, one domain, one device, or one page of a domain.',
      zh: '使上下文缓存（`CCMD`）或 IOTLB（IOTLB 寄存器）失效：全部、一个域、一个设备，或一个域中的一页。',
    },
    example: 'iommu invalidate iotlb page 1 0x1000',
    parse: (a): IommuOp => {
      const cache = a.word('a cache', ['context', 'iotlb'] as const)
      const scope =
        cache === 'context'
          ? a.word('a scope', ['global', 'domain', 'device'] as const)
          : a.word('a scope', ['global', 'domain', 'page'] as const)
      const did = scope === 'domain' || scope === 'page' ? a.int(DID) : null
      const rid = scope === 'device' ? bdf(a) : null
      const iova = scope === 'page' ? address(a, 'IOVA', 0xfffn) : null
      a.done()
      return { kind: 'iommu.invalidate', cache, scope, did, rid, iova }
    },
  },
  {
    words: ['iommu', 'poke'],
    usage: 'iommu poke HPA VALUE',
    topic: 'memory',
    summary: {
      en: 'Write one 8-byte word of IOMMU table memory, as buggy software could (to see the reserved-bit faults).',
      zh: '写 IOMMU 表内存中的一个 8 字节字，就像有缺陷的软件可能做的那样（用来观察保留位故障）。',
    },
    example: 'iommu poke 0x100030 0x102003',
    parse: (a): IommuOp => {
      const addr = address(a, 'HPA', 7n)
      const value = a.number('a 64-bit value')
      a.done()
      return { kind: 'iommu.poke', addr: hpa(addr), value }
    },
  },
  {
    words: ['iommu', 'faults', 'clear'],
    usage: 'iommu faults clear',
    topic: 'memory',
    summary: {
      en: 'Software clears every fault record’s F bit (write 1 to clear) and FSTS.PFO.',
      zh: '软件清除每条故障记录的 F 位（写 1 清除）以及 `FSTS.PFO`。',
    },
    example: 'iommu faults clear',
    parse: (a): IommuOp => {
      a.done()
      return { kind: 'iommu.fault-clear' }
    },
  },
  {
    words: ['iommu', 'device'],
    usage: 'iommu device BDF bar0=HPA size=BYTES',
    topic: 'memory',
    summary: {
      en: 'A PCIe endpoint (a NIC) at BDF with its BAR0 in host memory.',
      zh: '位于 BDF 的一个 PCIe 端点设备（例如网卡），以及它在主机内存中的 BAR0。',
    },
    example: 'iommu device 03:00.0 bar0=0xf0000000 size=0x20000',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const size = sizeOption(a, 'size') ?? 0x20000n
      const bar0 = addrOption(a, 'bar0', size - 1n)
      if (bar0 === null) throw a.missing('expected bar0=HPA (where the device’s BAR0 sits)')
      a.done()
      return { kind: 'iommu.device', rid, bar0: hpa(bar0), size }
    },
  },
  {
    words: ['iommu', 'vm'],
    usage: 'iommu vm NAME pages=N',
    topic: 'memory',
    summary: {
      en: 'A guest with N pages of 4 KiB RAM (guest-physical from 0), placed in host memory from 1 GiB up.',
      zh: '一台有 N 个 4 KiB 内存页的客户机（客户物理地址从 0 开始），放在主机内存 1 GiB 以上。',
    },
    example: 'iommu vm a pages=16',
    parse: (a): IommuOp => {
      const name = a.name('a guest name')
      const pages = a.intOption('pages', PAGES)
      if (pages === null) throw a.missing('expected pages=N (its RAM in 4 KiB pages)')
      a.done()
      return { kind: 'iommu.vm', name, pages }
    },
  },
  {
    words: ['dma'],
    usage: 'dma BDF read|write IOVA | dma BDF msi [handle=N]',
    topic: 'memory',
    summary: {
      en: 'The device issues a DMA read or write of IOVA (or sends its MSI): the IOMMU translates it through its caches and tables, or faults.',
      zh: '设备发出对 IOVA 的 DMA 读或写（或发送它的 MSI）：IOMMU 经由缓存和各级表转换它，或者报告故障。',
    },
    example: 'dma 03:00.0 read 0x1000',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const what = a.word('read, write or msi', ['read', 'write', 'msi'] as const)
      if (what === 'msi') {
        const handle = a.intOption('handle', HANDLE)
        a.done()
        return { kind: 'iommu.msi', rid, handle }
      }
      const iova = a.address('an IOVA')
      a.done()
      return { kind: 'iommu.dma', rid, iova, write: what === 'write' }
    },
  },
  {
    words: ['vfio', 'assign'],
    usage: 'vfio assign BDF VM',
    topic: 'memory',
    summary: {
      en: 'Assign a device to a guest as VFIO does: its IOMMU group joins the guest’s container (a domain with all guest RAM mapped, IOVA = guest-physical), its context entry points there, and its BAR0 is mapped into the guest.',
      zh: '像 VFIO 那样把设备分配给客户机：它的 IOMMU 组加入客户机的容器（一个映射了全部客户机内存的域，IOVA 即客户物理地址），它的上下文表项指向该域，它的 BAR0 被映射进客户机。',
    },
    example: 'vfio assign 03:00.0 a',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const vm = a.name('a guest name')
      a.done()
      return { kind: 'vfio.assign', rid, vm }
    },
  },
  {
    words: ['vfio', 'msi'],
    usage: 'vfio msi BDF vector=N [cpu=N]',
    topic: 'memory',
    summary: {
      en: 'Route the assigned device’s MSI through interrupt remapping: write an IRTE (vector, destination, the device’s source-ID) and program the device with a remappable MSI address.',
      zh: '让已分配设备的 MSI 经过中断重映射：写一个 IRTE（向量、目标、设备的源 ID），并给设备编程一个可重映射格式的 MSI 地址。',
    },
    example: 'vfio msi 03:00.0 vector=0x41 cpu=1',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const vector = a.intOption('vector', VECTOR)
      if (vector === null) throw a.missing('expected vector=N (32..255)')
      const dest = a.intOption('cpu', CPU) ?? 0
      a.done()
      return { kind: 'vfio.msi', rid, vector, dest }
    },
  },
  {
    words: ['vfio', 'touch'],
    usage: 'vfio touch BDF bar|config OFFSET',
    topic: 'memory',
    summary: {
      en: 'The guest accesses its assigned device: a BAR0 register (mapped, no exit) or a config-space register (trapped: port 0xCF8/0xCFC exits to QEMU).',
      zh: '客户机访问分配给它的设备：BAR0 寄存器（已映射，不退出）或配置空间寄存器（被截获：经端口 `0xCF8`/`0xCFC` 退出到 QEMU）。',
    },
    example: 'vfio touch 03:00.0 bar 0x3818',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const what = a.word('bar or config', ['bar', 'config'] as const)
      const offset = a.int(OFFSET)
      a.done()
      return { kind: 'vfio.touch', rid, what, offset }
    },
  },
  {
    words: ['sriov', 'pf'],
    usage: 'sriov pf BDF total=N [offset=N] [stride=N] bar0=HPA vfbar0=HPA [vfsize=BYTES]',
    topic: 'memory',
    summary: {
      en: 'An SR-IOV physical function: its capability’s TotalVFs, First VF Offset (default 0x80), VF Stride (default 2) and the VF BAR0 window (vfsize per VF, default 16 KiB).',
      zh: '一个 SR-IOV 物理功能：其能力结构中的 `TotalVFs`、`First VF Offset`（默认 0x80）、`VF Stride`（默认 2）以及 VF 的 BAR0 窗口（每个 VF `vfsize`，默认 16 KiB）。',
    },
    example: 'sriov pf 05:00.0 total=8 bar0=0xe0000000 vfbar0=0xe1000000',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const total = a.intOption('total', TOTAL)
      if (total === null) throw a.missing('expected total=N (TotalVFs)')
      const offset = a.intOption('offset', VF_OFFSET) ?? 0x80
      const stride = a.intOption('stride', STRIDE) ?? 2
      const vfBarSize = sizeOption(a, 'vfsize') ?? 0x4000n
      const bar0 = addrOption(a, 'bar0')
      if (bar0 === null) throw a.missing('expected bar0=HPA (the PF’s own BAR0)')
      const vfBar0 = addrOption(a, 'vfbar0', vfBarSize - 1n)
      if (vfBar0 === null) throw a.missing('expected vfbar0=HPA (the VF BAR0 window)')
      a.done()
      return {
        kind: 'sriov.pf',
        rid,
        total,
        offset,
        stride,
        bar0: hpa(bar0),
        vfBar0: hpa(vfBar0),
        vfBarSize,
      }
    },
  },
  {
    words: ['sriov', 'numvfs'],
    usage: 'sriov numvfs BDF N',
    topic: 'memory',
    summary: {
      en: 'Write N to the PF’s sriov_numvfs as Linux does: NumVFs, then CTRL.VFE and VF MSE, then each VF at PF RID + offset + k × stride. 0 disables them.',
      zh: '像 Linux 那样向 PF 的 `sriov_numvfs` 写入 N：先写 `NumVFs`，再置位 `CTRL.VFE` 与 VF MSE，然后每个 VF 位于 PF RID + offset + k × stride。写 0 则关闭它们。',
    },
    example: 'sriov numvfs 05:00.0 2',
    parse: (a): IommuOp => {
      const rid = bdf(a)
      const numVfs = a.int(NUMVFS)
      a.done()
      return { kind: 'sriov.enable', rid, numVfs }
    },
  },
]
