// Console rows of the KVM/QEMU I/O model (CONSOLE.md `kvm`, `pci`, `vcpu`, `e1000`, `tap`):
// build a VM with an e1000, make the guest's vCPU touch ports and MMIO, and drive the guest's
// e1000 driver and the host's tap device.
import {
  type AccessTarget,
  E1000_REG,
  type E1000RegName,
  type KvmOp,
  MAX_TX_FRAME,
} from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const RAM = intField('ram', 'MiB of guest RAM', 4096, 'the model holds up to 4 GiB of guest RAM', 1)
const VCPUS = intField('vcpus', 'a vCPU count', 64, 'KVM_CREATE_VCPU: 1 to 64 in this model', 1)
const DEV = intField('dev', 'a PCI device number', 31, 'device numbers are 5 bits (0-31)', 0)
const GSI = intField('gsi', 'an interrupt line', 23, 'the IOAPIC has 24 inputs (0-23)', 0)
const VECTOR = intField(
  'vector',
  'an interrupt vector',
  255,
  'external interrupts use vectors 32-255',
  32,
)
const PORT = intField('PORT', 'an I/O port', 0xffff, 'ports are 16 bits', 0)
const LEN = intField(
  'LEN',
  'a frame length in bytes',
  MAX_TX_FRAME,
  `1514 bytes at most (1518 with FCS, no jumbo frames)`,
  14,
)
const COUNT = intField('count', 'a frame count', 64, 'at most 64 at once', 1)
const FRAGS = intField('frags', 'descriptors per frame', 8, 'at most 8 descriptors per frame', 1)
const RING = intField(
  'N',
  'a descriptor count',
  256,
  'a multiple of 8 from 8 to 256 descriptors (TDLEN/RDLEN in 128-byte units)',
  8,
)
const BUFS = intField('N', 'a buffer count', 255, 'at most the ring size less one', 1)
const LENOPT = intField(
  'len',
  'an access length',
  8,
  'ioeventfd lengths are 0 (any), 1, 2, 4 or 8',
  0,
)
const SIZES = ['1', '2', '4'] as const
const BSIZES = { '2048': 0, '1024': 1, '512': 2, '256': 3 } as const

function u32(a: ArgReader, what: string): number {
  const v = a.number(what)
  if (v > 0xffff_ffffn) throw new ArgFailure(a.lastColumn, `${what} is 32 bits: at most 0xffffffff`)
  return Number(v)
}
const U32 = (key: string) => intField(key, 'a 32-bit number', 0xffff_ffff, '32 bits', 0)
const u32Option = (a: ArgReader, key: string): number | null => a.intOption(key, U32(key))

function size(a: ArgReader, fallback: 1 | 2 | 4): 1 | 2 | 4 {
  const s = a.option('size', SIZES)
  return s === null ? fallback : (Number(s) as 1 | 2 | 4)
}

/** An e1000 register name (BAR0 + its offset) or an address. */
function target(a: ArgReader, what: string): AccessTarget {
  const reg = a.optional((t) => {
    const up = t.toUpperCase()
    return up in E1000_REG ? (up as E1000RegName) : null
  })
  if (reg !== null) return { reg, bar: 'mem' }
  const v = a.address(what)
  if (v > 0xffff_ffffn)
    throw new ArgFailure(a.lastColumn, `${what}: this model's guest-physical addresses are 32 bits`)
  return { addr: Number(v) }
}

const REG_LIST = Object.keys(E1000_REG).join(', ')
const REG_LIST_ZH = Object.keys(E1000_REG).join('、')

export const kvmCommands: readonly CommandDef<KvmOp>[] = [
  {
    words: ['kvm', 'create'],
    usage: 'kvm create [ram=MIB] [vcpus=N]',
    topic: 'io',
    summary: {
      en: 'QEMU opens /dev/kvm and creates a VM (KVM_CREATE_VM), registers its RAM as memslot 0 (KVM_SET_USER_MEMORY_REGION, default 128 MiB) and creates the vCPUs (KVM_CREATE_VCPU), one QEMU thread each in its KVM_RUN loop.',
      zh: 'QEMU 打开 `/dev/kvm` 并创建虚拟机（`KVM_CREATE_VM`），把内存注册为 0 号内存槽（`KVM_SET_USER_MEMORY_REGION`，默认 128 MiB），再创建 vCPU（`KVM_CREATE_VCPU`），每个 vCPU 由一个 QEMU 线程在 `KVM_RUN` 循环中运行。',
    },
    example: 'kvm create ram=128 vcpus=1',
    parse: (a): KvmOp => {
      const ramMiB = a.intOption('ram', RAM) ?? 128
      const vcpus = a.intOption('vcpus', VCPUS) ?? 1
      a.done()
      return { kind: 'kvm.create', ramMiB, vcpus }
    },
  },
  {
    words: ['pci', 'e1000'],
    usage: 'pci e1000 [dev=N] [bar0=ADDR] [io=PORT] [gsi=N] [vector=V]',
    topic: 'io',
    summary: {
      en: 'Plug QEMU’s e1000 (8086:100E, 82540EM) into bus 0 at dev= (default 3): BAR0 128 KiB of registers at bar0= (default 0xfebc0000), BAR1 64 ports at io= (default 0xc000), INTA# on GSI gsi= (default 11), which the guest routed to vector= (default 0x41).',
      zh: '把 QEMU 的 e1000（8086:100E，82540EM）插到 0 号总线的 `dev=` 槽（默认 3）：BAR0 是 128 KiB 的寄存器，位于 `bar0=`（默认 0xfebc0000）；BAR1 是 64 个端口，位于 `io=`（默认 0xc000）；INTA# 接到 GSI `gsi=`（默认 11），客户机把它路由到向量 `vector=`（默认 0x41）。',
    },
    example: 'pci e1000 bar0=0xfebc0000 io=0xc000 gsi=11',
    parse: (a): KvmOp => {
      const dev = a.intOption('dev', DEV) ?? 3
      const bar0 = u32Option(a, 'bar0') ?? 0xfebc_0000
      const io =
        a.intOption(
          'io',
          intField('io', 'an I/O port base', 0xffc0, 'a 64-port window below 0x10000', 0x1000),
        ) ?? 0xc000
      if (io % 0x40 !== 0)
        throw new ArgFailure(a.nextColumn, `io= must be a multiple of 0x40 (the BAR is 64 ports)`)
      const gsi = a.intOption('gsi', GSI) ?? 11
      const vector = a.intOption('vector', VECTOR) ?? 0x41
      a.done()
      return { kind: 'kvm.e1000', dev, bar0, io, gsi, vector }
    },
  },
  {
    words: ['kvm', 'ioeventfd'],
    usage: 'kvm ioeventfd pio|mmio ADDR [len=N] [datamatch=V]',
    topic: 'io',
    summary: {
      en: 'Register an ioeventfd (KVM_IOEVENTFD): a guest write to ADDR (of len= bytes, 0 = any; with datamatch=, only that value) signals an eventfd inside KVM and the guest resumes with no exit to QEMU.',
      zh: '注册一个 `ioeventfd`（`KVM_IOEVENTFD`）：客户机对 ADDR 的写（长度 `len=` 字节，0 表示任意；给了 `datamatch=` 则只匹配该值）在 KVM 内部通知一个 `eventfd`，客户机随即继续运行，不退出到 QEMU。',
    },
    example: 'kvm ioeventfd pio 0xc050 len=2',
    parse: (a): KvmOp => {
      const space = a.word('pio or mmio', ['pio', 'mmio'] as const)
      const addr = u32(a, 'ADDR')
      const len = a.intOption('len', LENOPT) ?? 0
      if (![0, 1, 2, 4, 8].includes(len))
        throw new ArgFailure(a.lastColumn, 'len= must be 0 (any), 1, 2, 4 or 8')
      const datamatch = u32Option(a, 'datamatch')
      a.done()
      return { kind: 'kvm.ioeventfd', space, addr, len, datamatch }
    },
  },
  {
    words: ['vcpu', 'out'],
    usage: 'vcpu out PORT VALUE [size=1|2|4]',
    topic: 'io',
    summary: {
      en: 'The guest executes OUT: an I/O-instruction exit (30), then KVM handles it (in-kernel PIC/PIT, ioeventfd) or KVM_RUN returns KVM_EXIT_IO to QEMU, whose device model runs before the next KVM_RUN.',
      zh: '客户机执行 OUT：产生 I/O 指令退出（30），然后由 KVM 处理（内核中的 PIC/PIT、`ioeventfd`），或者 `KVM_RUN` 以 `KVM_EXIT_IO` 返回 QEMU，由它的设备模型处理后再次 `KVM_RUN`。',
    },
    example: 'vcpu out 0xcf8 0x80001800 size=4',
    parse: (a): KvmOp => {
      const port = a.int(PORT)
      const value = u32(a, 'VALUE')
      const sz = size(a, 1)
      a.done()
      return {
        kind: 'kvm.access',
        space: 'pio',
        write: true,
        target: { addr: port },
        size: sz,
        value,
      }
    },
  },
  {
    words: ['vcpu', 'in'],
    usage: 'vcpu in PORT [size=1|2|4]',
    topic: 'io',
    summary: {
      en: 'The guest executes IN: the same path as OUT; QEMU fills the data at kvm_run + data_offset and the next KVM_RUN completes the IN into the guest’s register.',
      zh: '客户机执行 IN：路径与 OUT 相同；QEMU 把数据填到 `kvm_run` + `data_offset` 处，下一次 `KVM_RUN` 把它写入客户机寄存器，完成这条 IN。',
    },
    example: 'vcpu in 0xcfc size=4',
    parse: (a): KvmOp => {
      const port = a.int(PORT)
      const sz = size(a, 1)
      a.done()
      return {
        kind: 'kvm.access',
        space: 'pio',
        write: false,
        target: { addr: port },
        size: sz,
        value: 0,
      }
    },
  },
  {
    words: ['vcpu', 'write'],
    usage: 'vcpu write ADDR|REG VALUE [size=1|2|4]',
    topic: 'io',
    summary: {
      en: `The guest stores to a guest-physical address or an e1000 register (${REG_LIST}: BAR0 + its offset). RAM completes in the guest; MMIO takes an EPT violation (48) on the page’s first touch, an EPT misconfiguration (49) after, and reaches QEMU as KVM_EXIT_MMIO.`,
      zh: `客户机写一个客户机物理地址或一个 e1000 寄存器（${REG_LIST_ZH}：BAR0 加其偏移）。写内存在客户机内完成；写 MMIO 在该页第一次访问时产生 EPT 违例（48），之后产生 EPT 配置错误（49），并以 \`KVM_EXIT_MMIO\` 到达 QEMU。`,
    },
    example: 'vcpu write TDT 1',
    parse: (a): KvmOp => {
      const t = target(a, 'ADDR')
      const value = u32(a, 'VALUE')
      const sz = size(a, 4)
      a.done()
      return { kind: 'kvm.access', space: 'mmio', write: true, target: t, size: sz, value }
    },
  },
  {
    words: ['vcpu', 'read'],
    usage: 'vcpu read ADDR|REG [size=1|2|4]',
    topic: 'io',
    summary: {
      en: 'The guest loads from a guest-physical address or an e1000 register; an MMIO read completes into the guest’s register on the next KVM_RUN. Reading ICR clears it.',
      zh: '客户机从一个客户机物理地址或 e1000 寄存器读取；MMIO 读在下一次 `KVM_RUN` 时写入客户机寄存器。读 ICR 会把它清零。',
    },
    example: 'vcpu read STATUS',
    parse: (a): KvmOp => {
      const t = target(a, 'ADDR')
      const sz = size(a, 4)
      a.done()
      return { kind: 'kvm.access', space: 'mmio', write: false, target: t, size: sz, value: 0 }
    },
  },
  {
    words: ['e1000', 'init'],
    usage: 'e1000 init [tx=N] [rx=N] [bsize=2048|1024|512|256]',
    topic: 'io',
    summary: {
      en: 'The guest driver’s probe: TX and RX rings of N descriptors (default 8) in guest RAM, then TDBAL, TDLEN, TDH, TDT, TCTL, RDBAL, RDLEN, RDH, RDT, RCTL (buffer size bsize=) and IMS, each write one MMIO exit (counted, not stepped).',
      zh: '客户机驱动的探测：在客户机内存中建立各 N 个描述符（默认 8）的发送环和接收环，然后写 TDBAL、TDLEN、TDH、TDT、TCTL、RDBAL、RDLEN、RDH、RDT、RCTL（缓冲区大小 `bsize=`）和 IMS，每次写都是一次 MMIO 退出（计数，不单步）。',
    },
    example: 'e1000 init tx=8 rx=8',
    parse: (a): KvmOp => {
      const ring = (key: string): number => {
        const v = a.intOption(key, { ...RING, label: key }) ?? 8
        if (v % 8 !== 0)
          throw new ArgFailure(
            a.lastColumn,
            `${key}= must be a multiple of 8: TDLEN/RDLEN count 128-byte units`,
          )
        return v
      }
      const tx = ring('tx')
      const rx = ring('rx')
      const bs = a.option('bsize', ['2048', '1024', '512', '256'] as const) ?? '2048'
      a.done()
      // RCTL: EN, BAM, BSIZE (bits 17:16), SECRC off, RDMTS 1/2.
      const rctl = 0x2 | 0x8000 | (BSIZES[bs] << 16)
      return { kind: 'kvm.driver-init', tx, rx, rctl }
    },
  },
  {
    words: ['e1000', 'send'],
    usage: 'e1000 send LEN [count=N] [frags=N] [ide]',
    topic: 'io',
    summary: {
      en: 'The driver fills TX descriptors in guest RAM for count= frames of LEN bytes (default 1), each split over frags= buffers (EOP on the last; RS and IFCS on all; ide sets IDE). No exit: the device sees nothing until TDT is written (`e1000 kick`).',
      zh: '驱动在客户机内存中为 `count=` 个长 LEN 字节的帧（默认 1 个）填写发送描述符，每帧分成 `frags=` 个缓冲区（最后一个置 EOP；都置 RS 和 IFCS；`ide` 置 IDE）。没有退出：在写 TDT（`e1000 kick`）之前设备什么也看不到。',
    },
    example: 'e1000 send 60 count=2',
    parse: (a): KvmOp => {
      const len = a.int(LEN)
      const count = a.intOption('count', COUNT) ?? 1
      const frags = a.intOption('frags', FRAGS) ?? 1
      const f = a.flags(['ide'] as const)
      a.done()
      return { kind: 'kvm.driver-tx', len, count, frags, ide: f.has('ide') }
    },
  },
  {
    words: ['e1000', 'kick'],
    usage: 'e1000 kick',
    topic: 'io',
    summary: {
      en: 'The driver writes TDT = next_to_use: one MMIO exit, and QEMU’s set_tctl runs start_xmit on the vCPU thread before KVM_RUN resumes the guest.',
      zh: '驱动写 TDT = `next_to_use`：一次 MMIO 退出，QEMU 的 `set_tctl` 在 vCPU 线程上运行 `start_xmit`，然后 `KVM_RUN` 才恢复客户机。',
    },
    example: 'e1000 kick',
    parse: (a): KvmOp => {
      a.done()
      return { kind: 'kvm.driver-kick' }
    },
  },
  {
    words: ['e1000', 'rx-fill'],
    usage: 'e1000 rx-fill N',
    topic: 'io',
    summary: {
      en: 'The driver gives the device N receive buffers: N RX descriptors with buffer addresses and status 0, then RDT (one MMIO exit). Frames QEMU held for want of buffers go in now.',
      zh: '驱动给设备 N 个接收缓冲区：N 个带缓冲区地址、状态为 0 的接收描述符，然后写 RDT（一次 MMIO 退出）。QEMU 因没有缓冲区而扣住的帧此时送入。',
    },
    example: 'e1000 rx-fill 4',
    parse: (a): KvmOp => {
      const count = a.int(BUFS)
      a.done()
      return { kind: 'kvm.driver-rx', count }
    },
  },
  {
    words: ['e1000', 'isr'],
    usage: 'e1000 isr',
    topic: 'io',
    summary: {
      en: 'The driver’s interrupt handler reads ICR (an MMIO exit; read-to-clear, so the line drops).',
      zh: '驱动的中断处理程序读 ICR（一次 MMIO 退出；读后清零，于是中断线降低）。',
    },
    example: 'e1000 isr',
    parse: (a): KvmOp => {
      a.done()
      return { kind: 'kvm.driver-isr' }
    },
  },
  {
    words: ['e1000', 'clean'],
    usage: 'e1000 clean',
    topic: 'io',
    summary: {
      en: 'The driver reclaims TX descriptors from next_to_clean while STA.DD is set, and takes received frames from RX descriptors with DD (EOP ends a frame). Guest RAM only: no exit.',
      zh: '驱动从 `next_to_clean` 起回收 STA.DD 已置位的发送描述符，并从置了 DD 的接收描述符取走收到的帧（EOP 表示帧结束）。只访问客户机内存：没有退出。',
    },
    example: 'e1000 clean',
    parse: (a): KvmOp => {
      a.done()
      return { kind: 'kvm.driver-clean' }
    },
  },
  {
    words: ['tap', 'send'],
    usage: 'tap send LEN [count=N]',
    topic: 'io',
    summary: {
      en: 'count= frames of LEN bytes (default 1) arrive on the host’s tap device for the guest: QEMU’s I/O thread reads each and, if e1000_can_receive, the e1000 model writes it into guest buffers and raises RXT0; otherwise QEMU holds it.',
      zh: '主机的 TAP 设备上到达 `count=` 个发给客户机的帧，每个 LEN 字节（默认 1 个）：QEMU 的 I/O 线程读出每一帧，若 `e1000_can_receive` 为真，e1000 模型把它写入客户机缓冲区并触发 RXT0；否则 QEMU 把它扣住。',
    },
    example: 'tap send 60',
    parse: (a): KvmOp => {
      const len = a.int(LEN)
      const count = a.intOption('count', COUNT) ?? 1
      a.done()
      return { kind: 'kvm.tap', len, count }
    },
  },
]
