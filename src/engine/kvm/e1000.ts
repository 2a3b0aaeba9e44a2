// The e1000 (82540EM) as QEMU emulates it (hw/net/e1000.c, hw-facts-2 §2.2): registers at
// their real offsets with QEMU's write handlers, legacy descriptors byte-exact in guest RAM,
// start_xmit and e1000_receive_iov in QEMU's order. Pure: every function returns the next
// device, the next RAM and the events that explain the change.
import { FRAME_BYTES, type PhysMem } from '../memory/phys.ts'

/** Register byte offsets in BAR0 (hw-facts-2 §2.2; MPC/RNBC: 8254x SDM §13.7). */
export const E1000_REG = {
  CTRL: 0x0000,
  STATUS: 0x0008,
  ICR: 0x00c0,
  ICS: 0x00c8,
  IMS: 0x00d0,
  IMC: 0x00d8,
  RCTL: 0x0100,
  TCTL: 0x0400,
  RDBAL: 0x2800,
  RDBAH: 0x2804,
  RDLEN: 0x2808,
  RDH: 0x2810,
  RDT: 0x2818,
  TDBAL: 0x3800,
  TDBAH: 0x3804,
  TDLEN: 0x3808,
  TDH: 0x3810,
  TDT: 0x3818,
  MPC: 0x4010,
  RNBC: 0x40a0,
  RAL: 0x5400,
  RAH: 0x5404,
} as const

export type E1000RegName = keyof typeof E1000_REG
export const E1000_REG_NAMES = Object.keys(E1000_REG) as E1000RegName[]

const NAME_AT = new Map<number, E1000RegName>(
  E1000_REG_NAMES.map((n) => [E1000_REG[n], n] as const),
)
/** The register at a BAR0 offset, or null for one this model does not hold. */
export const regAt = (offset: number): E1000RegName | null => NAME_AT.get(offset) ?? null

/** ICR/IMS cause bits (hw-facts-2 §2.2). */
export const ICR = {
  TXDW: 0x01,
  TXQE: 0x02,
  LSC: 0x04,
  RXSEQ: 0x08,
  RXDMT0: 0x10,
  RXO: 0x40,
  RXT0: 0x80,
} as const
export type IcrBit = keyof typeof ICR
export const icrNames = (v: number): IcrBit[] =>
  (Object.keys(ICR) as IcrBit[]).filter((k) => (v & ICR[k]) !== 0)

/** Legacy TX CMD bits (byte 11) and STA bits (byte 12). */
export const TXD_CMD = {
  EOP: 0x01,
  IFCS: 0x02,
  IC: 0x04,
  RS: 0x08,
  RPS: 0x10,
  DEXT: 0x20,
  VLE: 0x40,
  IDE: 0x80,
} as const
export const TXD_STA = { DD: 0x01, EC: 0x02, LC: 0x04, TU: 0x08 } as const
/** Legacy RX status bits (byte 12). */
export const RXD_STA = { DD: 0x01, EOP: 0x02, IXSM: 0x04 } as const

export const TCTL_EN = 0x02
export const TCTL_PSP = 0x08
export const RCTL_EN = 0x02
export const RCTL_BAM = 0x8000
export const RCTL_LPE = 0x20
/** Descriptor size: both legacy layouts are 16 bytes. */
export const DESC_BYTES = 16
/** The shortest frame QEMU passes on (ETH_ZLEN): shorter ones are padded. */
export const ETH_ZLEN = 60
/** Without RCTL.LPE a frame over 1518 bytes (with FCS) is dropped as oversized (ROC). */
export const MAX_STD_FRAME = 1518

/** QEMU's mac_reg_init (e1000.c): the values after reset; all other registers are 0. */
export const CTRL_RESET = 0x0014_0240 // SWDPIN2 | SWDPIN0 | SPD_1000 | SLU
export const STATUS_RESET = 0x8008_0783 // 0x80000000 | GIO_MASTER_ENABLE | ASDV | MTXCKOK | SPEED_1000 | FD | LU

export interface E1000 {
  readonly regs: Readonly<Record<E1000RegName, number>>
  /** RCTL.BSIZE in bytes (e1000x_rxbufsize). */
  readonly rxbufSize: number
  /** 1 + RCTL.RDMTS: RXDMT0 when free x 16 <= RDLEN >> shift. */
  readonly rxbufMinShift: number
  /** The frame being assembled from descriptors without EOP (tx.data in QEMU). */
  readonly txData: readonly number[]
  /** The interrupt pin's level as QEMU last set it (mit_irq_level). */
  readonly irqLevel: boolean
}

/** The MAC QEMU gives its first NIC (52:54:00:12:34:56), in RAL/RAH with AV (bit 31). */
export const DEFAULT_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56] as const

export function resetE1000(mac: readonly number[] = DEFAULT_MAC): E1000 {
  const regs = Object.fromEntries(E1000_REG_NAMES.map((n) => [n, 0])) as Record<
    E1000RegName,
    number
  >
  regs.CTRL = CTRL_RESET
  regs.STATUS = STATUS_RESET
  const m = (i: number): number => mac[i] ?? 0
  regs.RAL = (m(0) | (m(1) << 8) | (m(2) << 16) | (m(3) << 24)) >>> 0
  regs.RAH = (m(4) | (m(5) << 8) | 0x8000_0000) >>> 0
  return { regs, rxbufSize: 2048, rxbufMinShift: 1, txData: [], irqLevel: false }
}

export const macOf = (d: E1000): number[] => {
  const l = d.regs.RAL
  const h = d.regs.RAH
  return [l & 0xff, (l >>> 8) & 0xff, (l >>> 16) & 0xff, l >>> 24, h & 0xff, (h >>> 8) & 0xff]
}

/** e1000x_rxbufsize: BSIZE bits 17:16 (x BSEX bit 25). */
export function rxbufSize(rctl: number): number {
  const bsize = (rctl >>> 16) & 3
  if (rctl & (1 << 25)) return [2048, 16384, 8192, 4096][bsize] ?? 2048
  return [2048, 1024, 512, 256][bsize] ?? 2048
}

// ---- Descriptors (16 bytes, little-endian, in guest RAM) ----

export interface TxDesc {
  readonly addr: number
  readonly length: number
  readonly cso: number
  readonly cmd: number
  readonly sta: number
  readonly css: number
  readonly special: number
}
export interface RxDesc {
  readonly addr: number
  readonly length: number
  readonly csum: number
  readonly status: number
  readonly errors: number
  readonly special: number
}

/** Bytes of guest RAM (never-written frames read as zero). */
export function readBytes(ram: PhysMem, gpa: number, n: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const a = gpa + i
    const f = ram.frames.get(BigInt(Math.floor(a / FRAME_BYTES)))
    out.push(f ? (f[a % FRAME_BYTES] ?? 0) : 0)
  }
  return out
}

/** Writes bytes into guest RAM: one new map, each touched frame copied once (copy on write). */
export function writeBytes(ram: PhysMem, gpa: number, bytes: readonly number[]): PhysMem {
  if (bytes.length === 0) return ram
  const frames = new Map(ram.frames)
  const copied = new Set<number>()
  bytes.forEach((b, i) => {
    const a = gpa + i
    const fn = Math.floor(a / FRAME_BYTES)
    let f = frames.get(BigInt(fn))
    if (!copied.has(fn)) {
      f = f ? f.slice() : new Uint8Array(FRAME_BYTES)
      frames.set(BigInt(fn), f)
      copied.add(fn)
    }
    if (f) f[a % FRAME_BYTES] = b & 0xff
  })
  return { frames }
}

const u16 = (b: readonly number[], o: number): number => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8)
const u64 = (b: readonly number[], o: number): number => {
  let v = 0
  for (let i = 7; i >= 0; i--) v = v * 256 + (b[o + i] ?? 0)
  return v
}
const le = (v: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => Math.floor(v / 2 ** (8 * i)) & 0xff)

export const decodeTx = (b: readonly number[]): TxDesc => ({
  addr: u64(b, 0),
  length: u16(b, 8),
  cso: b[10] ?? 0,
  cmd: b[11] ?? 0,
  sta: b[12] ?? 0,
  css: b[13] ?? 0,
  special: u16(b, 14),
})
export const encodeTx = (d: TxDesc): number[] => [
  ...le(d.addr, 8),
  ...le(d.length, 2),
  d.cso & 0xff,
  d.cmd & 0xff,
  d.sta & 0xff,
  d.css & 0xff,
  ...le(d.special, 2),
]
export const decodeRx = (b: readonly number[]): RxDesc => ({
  addr: u64(b, 0),
  length: u16(b, 8),
  csum: u16(b, 10),
  status: b[12] ?? 0,
  errors: b[13] ?? 0,
  special: u16(b, 14),
})
export const encodeRx = (d: RxDesc): number[] => [
  ...le(d.addr, 8),
  ...le(d.length, 2),
  ...le(d.csum, 2),
  d.status & 0xff,
  d.errors & 0xff,
  ...le(d.special, 2),
]

/** Ring geometry as QEMU computes it: base with the low 4 bits dropped, N = LEN / 16. */
export const txBase = (d: E1000): number => d.regs.TDBAH * 2 ** 32 + ((d.regs.TDBAL & ~0xf) >>> 0)
export const rxBase = (d: E1000): number => d.regs.RDBAH * 2 ** 32 + ((d.regs.RDBAL & ~0xf) >>> 0)
export const txCount = (d: E1000): number => d.regs.TDLEN / DESC_BYTES
export const rxCount = (d: E1000): number => d.regs.RDLEN / DESC_BYTES

// ---- Events ----

export type E1000Event =
  | {
      readonly kind: 'e1000.reg'
      readonly reg: E1000RegName | null
      readonly offset: number
      readonly write: boolean
      /** What the guest wrote, or what the read returned. */
      readonly value: number
      /** The register after the access (a read of ICR clears it). */
      readonly after: number
      /** What QEMU's handler did beyond storing (masking, start_xmit, read-to-clear...). */
      readonly effect: RegEffect
      readonly cite: 'e1000-regs'
    }
  | {
      readonly kind: 'e1000.tx-desc'
      readonly slot: number
      readonly gpa: number
      readonly desc: TxDesc
      /** The 16 bytes as DMA-read from guest RAM. */
      readonly bytes: readonly number[]
      /** Bytes of the frame so far (this descriptor's buffer appended). */
      readonly assembled: number
      /** At EOP: the frame handed to the backend (qemu_send_packet). */
      readonly sent: EthFrame | null
      /** CMD.RS|RPS: STA.DD written back (cause TXDW). */
      readonly writeback: boolean
      readonly tdh: number
      readonly cite: 'e1000-tx'
    }
  | {
      readonly kind: 'e1000.tx-end'
      /** Why start_xmit stopped: the ring is empty, or TDH came back to its start. */
      readonly why: 'empty' | 'wrapped' | 'disabled'
      readonly processed: number
      readonly cause: number
      readonly cite: 'e1000-tx'
    }
  | {
      readonly kind: 'e1000.rx-desc'
      readonly slot: number
      readonly gpa: number
      readonly desc: RxDesc
      readonly bytes: readonly number[]
      readonly rdh: number
      readonly cite: 'e1000-rx'
    }
  | {
      readonly kind: 'e1000.rx-end'
      readonly outcome: 'received' | 'held' | 'overrun' | 'oversized' | 'disabled'
      readonly frame: EthFrame
      /** Bytes to place (frame + 4 FCS unless SECRC) and the buffers free at the time. */
      readonly need: number
      readonly free: number
      readonly cause: number
      readonly cite: 'e1000-rx'
    }
  | {
      readonly kind: 'e1000.irq'
      readonly icr: number
      readonly ims: number
      /** The pin level after: (IMS & ICR) != 0. */
      readonly level: boolean
      /** True when the level changed (QEMU calls pci_set_irq every time; KVM sees edges). */
      readonly changed: boolean
      readonly cite: 'e1000-regs'
    }

export type RegEffect =
  | 'store'
  | 'masked'
  | 'start-xmit'
  | 'read-clear'
  | 'ics'
  | 'icr-clear'
  | 'ims-set'
  | 'imc-clear'
  | 'rdt'
  | 'rctl'
  | 'unknown'

/** A frame on the wire, summarized: length and the Ethernet header bytes. */
export interface EthFrame {
  readonly len: number
  /** The first up-to-14 bytes (destination, source, EtherType). */
  readonly head: readonly number[]
  /** A seq number the model's driver put in the payload (bytes 14-15), or null. */
  readonly seq: number | null
}

export const frameOf = (bytes: readonly number[]): EthFrame => ({
  len: bytes.length,
  head: bytes.slice(0, 14),
  seq: bytes.length >= 16 ? ((bytes[14] ?? 0) << 8) | (bytes[15] ?? 0) : null,
})

/** A device event with the device and RAM as they are right after it. */
export interface Stamped {
  readonly ev: E1000Event
  readonly dev: E1000
  readonly ram: PhysMem
}

export interface DevStep {
  readonly dev: E1000
  readonly ram: PhysMem
  readonly events: readonly Stamped[]
  /** Frames start_xmit handed to the backend, in order. */
  readonly sent: readonly EthFrame[]
}

const withReg = (d: E1000, name: E1000RegName, v: number): E1000 => ({
  ...d,
  regs: { ...d.regs, [name]: v >>> 0 },
})

/** set_interrupt_cause: ICR = val; level = (IMS & ICR) != 0; pci_set_irq(level). */
function setCause(d: E1000, val: number): { dev: E1000; ev: E1000Event } {
  const dev = { ...withReg(d, 'ICR', val), irqLevel: (d.regs.IMS & val) !== 0 }
  return {
    dev,
    ev: {
      kind: 'e1000.irq',
      icr: val >>> 0,
      ims: d.regs.IMS,
      level: dev.irqLevel,
      changed: dev.irqLevel !== d.irqLevel,
      cite: 'e1000-regs',
    },
  }
}
const setIcs = (d: E1000, val: number) => setCause(d, (val | d.regs.ICR) >>> 0)

/** start_xmit (hw-facts-2 §2.2), QEMU's exact order. */
export function startXmit(d0: E1000, ram0: PhysMem): DevStep {
  let d = d0
  let ram = ram0
  const events: Stamped[] = []
  const push = (ev: E1000Event) => events.push({ ev, dev: d, ram })
  if (!(d0.regs.TCTL & TCTL_EN)) {
    push({ kind: 'e1000.tx-end', why: 'disabled', processed: 0, cause: 0, cite: 'e1000-tx' })
    return { dev: d, ram, events, sent: [] }
  }
  const sent: EthFrame[] = []
  const tdhStart = d.regs.TDH
  let cause: number = ICR.TXQE
  let processed = 0
  let why: 'empty' | 'wrapped' = 'empty'
  while (d.regs.TDH !== d.regs.TDT) {
    const slot = d.regs.TDH
    const gpa = txBase(d) + DESC_BYTES * slot
    const bytes = readBytes(ram, gpa, DESC_BYTES)
    const desc = decodeTx(bytes)
    // process_tx_desc, legacy layout: DMA-read `length` bytes of the buffer, send at EOP.
    const data = [...d.txData, ...readBytes(ram, desc.addr, desc.length)]
    let frame: EthFrame | null = null
    if (desc.cmd & TXD_CMD.EOP) {
      frame = frameOf(data)
      sent.push(frame)
      d = { ...d, txData: [] }
    } else d = { ...d, txData: data }
    // txdesc_writeback: RS|RPS => STA.DD set, EC/LC/TU cleared, upper dword written back.
    const writeback = (desc.cmd & (TXD_CMD.RS | TXD_CMD.RPS)) !== 0
    if (writeback) {
      const sta = (desc.sta | TXD_STA.DD) & ~(TXD_STA.EC | TXD_STA.LC | TXD_STA.TU)
      ram = writeBytes(ram, gpa + 12, [sta])
      cause |= ICR.TXDW
    }
    let tdh = slot + 1
    if (tdh * DESC_BYTES >= d.regs.TDLEN) tdh = 0
    d = withReg(d, 'TDH', tdh)
    processed++
    push({
      kind: 'e1000.tx-desc',
      slot,
      gpa,
      desc,
      bytes,
      assembled: frame ? frame.len : data.length,
      sent: frame,
      writeback,
      tdh,
      cite: 'e1000-tx',
    })
    // A bogus TDT/TDLEN: stop once TDH is back where it started (QEMU's guard).
    if (tdh === tdhStart || tdhStart >= d.regs.TDLEN / DESC_BYTES) {
      why = 'wrapped'
      break
    }
  }
  push({ kind: 'e1000.tx-end', why, processed, cause, cite: 'e1000-tx' })
  const c = setIcs(d, cause)
  d = c.dev
  push(c.ev)
  return { dev: d, ram, events, sent }
}

/** Free RX buffers as e1000_has_rxbufs counts them (RDH == RDT: none). */
export function rxFree(d: E1000): number {
  const h = d.regs.RDH
  const t = d.regs.RDT
  if (h < t) return t - h
  if (h > t) return rxCount(d) + t - h
  return 0
}

/** e1000_can_receive: RX enabled and at least one buffer (RDH != RDT). */
export const canReceive = (d: E1000): boolean => (d.regs.RCTL & RCTL_EN) !== 0 && rxFree(d) > 0

/** Pads a frame to 60 bytes as QEMU does before anything else. */
export const padFrame = (payload: readonly number[]): number[] =>
  payload.length < ETH_ZLEN
    ? [...payload, ...Array<number>(ETH_ZLEN - payload.length).fill(0)]
    : [...payload]

/**
 * e1000_receive_iov for one frame: pad to 60 bytes, drop oversized without LPE, hold when
 * RDH == RDT (can_receive false), overrun when the free buffers cannot hold it, else fill
 * descriptors from RDH with DD|EOP and raise RXT0 (+ RXDMT0).
 */
export function receive(d0: E1000, ram0: PhysMem, payload: readonly number[]): DevStep {
  let d = d0
  let ram = ram0
  const events: Stamped[] = []
  const push = (ev: E1000Event) => events.push({ ev, dev: d, ram })
  const bytes = padFrame(payload)
  const frame = frameOf(bytes)
  // e1000x_fcs_len: 4 bytes of FCS unless RCTL.SECRC (bit 26) strips them.
  const need = bytes.length + (d.regs.RCTL & (1 << 26) ? 0 : 4)
  const free = rxFree(d)
  const end = (outcome: RxOutcome, cause: number): E1000Event => ({
    kind: 'e1000.rx-end',
    outcome,
    frame,
    need,
    free,
    cause,
    cite: 'e1000-rx',
  })
  const done = (): DevStep => ({ dev: d, ram, events, sent: [] })
  if (!(d.regs.RCTL & RCTL_EN)) return (push(end('disabled', 0)), done())
  if (!(d.regs.RCTL & RCTL_LPE) && need > MAX_STD_FRAME) return (push(end('oversized', 0)), done())
  if (free === 0) return (push(end('held', 0)), done())
  const overrun = (): DevStep => {
    d = withReg(withReg(d, 'RNBC', d.regs.RNBC + 1), 'MPC', d.regs.MPC + 1)
    push(end('overrun', ICR.RXO))
    const c = setIcs(d, ICR.RXO)
    d = c.dev
    push(c.ev)
    return done()
  }
  if (need > free * d.rxbufSize) return overrun()
  const rdhStart = d.regs.RDH
  let offset = 0
  do {
    const slot = d.regs.RDH
    const size = Math.min(need - offset, d.rxbufSize)
    const gpa = rxBase(d) + DESC_BYTES * slot
    const old = decodeRx(readBytes(ram, gpa, DESC_BYTES))
    let status = old.status & ~RXD_STA.DD
    let length = old.length
    if (old.addr !== 0) {
      if (offset < bytes.length)
        ram = writeBytes(ram, old.addr, bytes.slice(offset, Math.min(offset + size, bytes.length)))
      offset += size
      length = size
      status = offset >= need ? status | RXD_STA.EOP | RXD_STA.IXSM : status & ~RXD_STA.EOP
    }
    // The descriptor is written back, then its status byte again with DD (DD goes last).
    const desc: RxDesc = { ...old, length, status: status | RXD_STA.DD, special: 0 }
    const written = encodeRx(desc)
    ram = writeBytes(ram, gpa, written)
    let rdh = slot + 1
    if (rdh * DESC_BYTES >= d.regs.RDLEN) rdh = 0
    d = withReg(d, 'RDH', rdh)
    push({ kind: 'e1000.rx-desc', slot, gpa, desc, bytes: written, rdh, cite: 'e1000-rx' })
    if (rdh === rdhStart || rdhStart >= d.regs.RDLEN / DESC_BYTES) return overrun()
  } while (offset < need)
  let cause: number = ICR.RXT0
  let rdt = d.regs.RDT
  if (rdt < d.regs.RDH) rdt += rxCount(d)
  if ((rdt - d.regs.RDH) * DESC_BYTES <= d.regs.RDLEN >>> d.rxbufMinShift) cause |= ICR.RXDMT0
  push(end('received', cause))
  const c = setIcs(d, cause)
  d = c.dev
  push(c.ev)
  return done()
}
export type RxOutcome = Extract<E1000Event, { kind: 'e1000.rx-end' }>['outcome']

/** e1000_mmio_read of one 32-bit register; ICR is read-to-clear. */
export function mmioRead(d0: E1000, ram: PhysMem, offset: number): DevStep & { value: number } {
  let d = d0
  const events: Stamped[] = []
  const push = (ev: E1000Event) => events.push({ ev, dev: d, ram })
  const reg = regAt(offset & 0x1fffc)
  const regEv = (value: number, after: number, effect: RegEffect): E1000Event => ({
    kind: 'e1000.reg',
    reg,
    offset,
    write: false,
    value,
    after,
    effect,
    cite: 'e1000-regs',
  })
  if (reg === null || reg === 'IMC') {
    // Not in macreg_readops (IMC is write-only): QEMU returns 0.
    push(regEv(0, 0, 'unknown'))
    return { dev: d, ram, events, sent: [], value: 0 }
  }
  const value = d.regs[reg]
  if (reg === 'ICR') {
    const c = setCause(d, 0)
    d = c.dev
    push(regEv(value, 0, 'read-clear'))
    push(c.ev)
    return { dev: d, ram, events, sent: [], value }
  }
  // MPC and RNBC are read-to-clear in the 8254x manual, but QEMU's macreg_readops reads them
  // with mac_readreg (no clear; hw/net/e1000.c), and this model follows QEMU.
  push(regEv(value, value, 'store'))
  return { dev: d, ram, events, sent: [], value }
}

/** e1000_mmio_write of one 32-bit register through QEMU's handler for it. */
export function mmioWrite(d0: E1000, ram: PhysMem, offset: number, value: number): DevStep {
  const v = value >>> 0
  const reg = regAt(offset & 0x1fffc)
  const regEv = (after: number, effect: RegEffect): E1000Event => ({
    kind: 'e1000.reg',
    reg,
    offset,
    write: true,
    value: v,
    after: after >>> 0,
    effect,
    cite: 'e1000-regs',
  })
  const one = (dev: E1000, ev: E1000Event): DevStep => ({
    dev,
    ram,
    sent: [],
    events: [{ ev, dev, ram }],
  })
  if (reg === null || reg === 'STATUS' || reg === 'MPC' || reg === 'RNBC')
    // No write handler in macreg_writeops: QEMU ignores the write.
    return one(d0, regEv(reg === null ? 0 : d0.regs[reg], 'unknown'))
  const plain = (after: number, effect: RegEffect): DevStep =>
    one(withReg(d0, reg, after), regEv(after, effect))
  switch (reg) {
    case 'CTRL':
      // set_ctrl: RST (bit 26) is self-clearing.
      return plain(v & ~(1 << 26), v & (1 << 26) ? 'masked' : 'store')
    case 'TDLEN':
    case 'RDLEN':
      // set_dlen: a multiple of 128 bytes (8 descriptors), at most 0xFFF80.
      return plain(v & 0xfff80, (v & 0xfff80) === v ? 'store' : 'masked')
    case 'TDH':
    case 'RDH':
      return plain(v & 0xffff, (v & 0xffff) === v ? 'store' : 'masked')
    case 'TDT':
    case 'TCTL': {
      // set_tctl: store, mask TDT to 16 bits, start_xmit.
      let d = withReg(d0, reg, v)
      d = withReg(d, 'TDT', d.regs.TDT & 0xffff)
      const x = startXmit(d, ram)
      return { ...x, events: [{ ev: regEv(d.regs[reg], 'start-xmit'), dev: d, ram }, ...x.events] }
    }
    case 'RDT':
      // set_rdt: store & 0xFFFF; the caller flushes held frames if buffers exist now.
      return plain(v & 0xffff, 'rdt')
    case 'RCTL': {
      const d = {
        ...withReg(d0, 'RCTL', v),
        rxbufSize: rxbufSize(v),
        rxbufMinShift: ((v >>> 8) & 3) + 1,
      }
      return one(d, regEv(v, 'rctl'))
    }
    case 'ICS':
    case 'ICR': {
      const c = reg === 'ICS' ? setIcs(d0, v) : setCause(d0, d0.regs.ICR & ~v)
      return {
        dev: c.dev,
        ram,
        sent: [],
        events: [
          { ev: regEv(c.dev.regs.ICR, reg === 'ICS' ? 'ics' : 'icr-clear'), dev: c.dev, ram },
          { ev: c.ev, dev: c.dev, ram },
        ],
      }
    }
    case 'IMS':
    case 'IMC': {
      const ims = reg === 'IMS' ? d0.regs.IMS | v : d0.regs.IMS & ~v
      const d = withReg(d0, 'IMS', ims)
      const c = setIcs(d, 0)
      return {
        dev: c.dev,
        ram,
        sent: [],
        events: [
          { ev: regEv(ims, reg === 'IMS' ? 'ims-set' : 'imc-clear'), dev: d, ram },
          { ev: c.ev, dev: c.dev, ram },
        ],
      }
    }
    default:
      return plain(v, 'store')
  }
}

// ---- What a panel draws of the device at one event ----

export interface DescView {
  readonly slot: number
  readonly addr: number
  readonly length: number
  /** TX: CMD; RX: 0. */
  readonly cmd: number
  /** TX: STA; RX: status. */
  readonly status: number
}
export interface RingView {
  readonly base: number
  readonly count: number
  readonly head: number
  readonly tail: number
  /** The first RING_VIEW_MAX descriptors as they sit in guest RAM. */
  readonly descs: readonly DescView[]
}
export interface NicView {
  readonly regs: Readonly<Record<E1000RegName, number>>
  readonly irqLevel: boolean
  readonly tx: RingView
  readonly rx: RingView
}
export const RING_VIEW_MAX = 32

function ringView(
  ram: PhysMem,
  base: number,
  count: number,
  head: number,
  tail: number,
  tx: boolean,
): RingView {
  const descs: DescView[] = []
  for (let slot = 0; slot < Math.min(count, RING_VIEW_MAX); slot++) {
    const b = readBytes(ram, base + DESC_BYTES * slot, DESC_BYTES)
    descs.push({
      slot,
      addr: u64(b, 0),
      length: u16(b, 8),
      cmd: tx ? (b[11] ?? 0) : 0,
      status: b[12] ?? 0,
    })
  }
  return { base, count, head, tail, descs }
}

export const nicView = (d: E1000, ram: PhysMem): NicView => ({
  regs: d.regs,
  irqLevel: d.irqLevel,
  tx: ringView(ram, txBase(d), txCount(d), d.regs.TDH, d.regs.TDT, true),
  rx: ringView(ram, rxBase(d), rxCount(d), d.regs.RDH, d.regs.RDT, false),
})
