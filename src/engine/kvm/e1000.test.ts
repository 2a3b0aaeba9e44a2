// The e1000 model rule by rule (hw-facts-2 §2.2, QEMU hw/net/e1000.c).
import { describe, expect, it } from 'vitest'
import { emptyMemory, type PhysMem } from '../memory/phys.ts'
import {
  DESC_BYTES,
  E1000_REG,
  type E1000,
  ICR,
  RXD_STA,
  STATUS_RESET,
  TCTL_EN,
  TXD_CMD,
  TXD_STA,
  canReceive,
  decodeRx,
  decodeTx,
  encodeRx,
  encodeTx,
  mmioRead,
  mmioWrite,
  readBytes,
  receive,
  resetE1000,
  rxFree,
  rxbufSize,
  txBase,
  writeBytes,
} from './e1000.ts'

const TX = 0x10_0000
const RX = 0x10_1000
const BUF = 0x20_0000

/** Writes registers one by one through QEMU's handlers. */
function program(d0: E1000, ram0: PhysMem, regs: [keyof typeof E1000_REG, number][]) {
  let d = d0
  let ram = ram0
  for (const [r, v] of regs) {
    const s = mmioWrite(d, ram, E1000_REG[r], v)
    d = s.dev
    ram = s.ram
  }
  return { d, ram }
}

function txReady(n = 8) {
  return program(resetE1000(), emptyMemory, [
    ['TDBAL', TX],
    ['TDLEN', n * DESC_BYTES],
    ['TCTL', TCTL_EN],
    ['IMS', ICR.TXDW],
  ])
}

function putTx(ram: PhysMem, slot: number, len: number, cmd: number, base = TX): PhysMem {
  const buf = BUF + slot * 2048
  const r = writeBytes(
    ram,
    buf,
    Array.from({ length: len }, (_, i) => i & 0xff),
  )
  return writeBytes(
    r,
    base + slot * DESC_BYTES,
    encodeTx({ addr: buf, length: len, cso: 0, cmd, sta: 0, css: 0, special: 0 }),
  )
}

describe('registers', () => {
  it('resets CTRL and STATUS to QEMU’s mac_reg_init values', () => {
    const d = resetE1000()
    expect(d.regs.CTRL).toBe(0x0014_0240)
    expect(d.regs.STATUS).toBe(STATUS_RESET)
    expect(d.regs.RAL).toBe(0x1200_5452)
    expect(d.regs.RAH).toBe(0x8000_5634)
  })
  it('ICR is read-to-clear and drops the line', () => {
    let d = { ...resetE1000() }
    d = mmioWrite(d, emptyMemory, E1000_REG.IMS, ICR.TXDW).dev
    d = mmioWrite(d, emptyMemory, E1000_REG.ICS, ICR.TXDW | ICR.TXQE).dev
    expect(d.irqLevel).toBe(true)
    const r = mmioRead(d, emptyMemory, E1000_REG.ICR)
    expect(r.value).toBe(ICR.TXDW | ICR.TXQE)
    expect(r.dev.regs.ICR).toBe(0)
    expect(r.dev.irqLevel).toBe(false)
    // A second read finds nothing.
    expect(mmioRead(r.dev, emptyMemory, E1000_REG.ICR).value).toBe(0)
  })
  it('ICR write clears only the written bits; ICS sets bits', () => {
    let d = mmioWrite(resetE1000(), emptyMemory, E1000_REG.ICS, 0x83).dev
    expect(d.regs.ICR).toBe(0x83)
    d = mmioWrite(d, emptyMemory, E1000_REG.ICR, 0x02).dev
    expect(d.regs.ICR).toBe(0x81)
  })
  it('IMS ors in, IMC clears, and the line is (IMS & ICR) != 0', () => {
    let d = mmioWrite(resetE1000(), emptyMemory, E1000_REG.ICS, ICR.RXT0).dev
    expect(d.irqLevel).toBe(false)
    d = mmioWrite(d, emptyMemory, E1000_REG.IMS, ICR.TXDW).dev
    d = mmioWrite(d, emptyMemory, E1000_REG.IMS, ICR.RXT0).dev
    expect(d.regs.IMS).toBe(ICR.TXDW | ICR.RXT0)
    expect(d.irqLevel).toBe(true)
    d = mmioWrite(d, emptyMemory, E1000_REG.IMC, ICR.RXT0).dev
    expect(d.regs.IMS).toBe(ICR.TXDW)
    expect(d.irqLevel).toBe(false)
    // IMC is write-only: a read returns 0.
    expect(mmioRead(d, emptyMemory, E1000_REG.IMC).value).toBe(0)
  })
  it('TDLEN and RDLEN keep multiples of 128 (& 0xFFF80); TDH/RDH/RDT are 16 bits', () => {
    const d = program(resetE1000(), emptyMemory, [
      ['TDLEN', 100],
      ['RDLEN', 0x1_0000_0 + 200],
      ['TDH', 0x1_0003],
      ['RDT', 0x2_0005],
    ]).d
    expect(d.regs.TDLEN).toBe(0)
    expect(d.regs.RDLEN).toBe((0x10_0000 + 200) & 0xfff80)
    expect(d.regs.TDH).toBe(3)
    expect(d.regs.RDT).toBe(5)
  })
  it('a misaligned ring base keeps its value but the low 4 bits are ignored', () => {
    const d = program(resetE1000(), emptyMemory, [['TDBAL', TX + 0x9]]).d
    expect(d.regs.TDBAL).toBe(TX + 9)
    expect(txBase(d)).toBe(TX)
  })
  it('CTRL.RST self-clears; STATUS ignores writes; unknown offsets read 0', () => {
    let d = mmioWrite(resetE1000(), emptyMemory, E1000_REG.CTRL, 0x0400_0041).dev
    expect(d.regs.CTRL).toBe(0x41)
    d = mmioWrite(d, emptyMemory, E1000_REG.STATUS, 0).dev
    expect(d.regs.STATUS).toBe(STATUS_RESET)
    expect(mmioRead(d, emptyMemory, 0x0f00).value).toBe(0)
  })
  it('RCTL.BSIZE gives the receive buffer size (BSEX multiplies by 16)', () => {
    expect(rxbufSize(0)).toBe(2048)
    expect(rxbufSize(1 << 16)).toBe(1024)
    expect(rxbufSize(2 << 16)).toBe(512)
    expect(rxbufSize(3 << 16)).toBe(256)
    expect(rxbufSize((1 << 25) | (1 << 16))).toBe(16384)
    expect(rxbufSize((1 << 25) | (3 << 16))).toBe(4096)
  })
})

describe('legacy descriptors', () => {
  it('TX: address 0-7, length 8-9, CSO 10, CMD 11, STA 12, CSS 13, special 14-15', () => {
    const d = {
      addr: 0x1122_3344_5566,
      length: 0x0bcd,
      cso: 1,
      cmd: 0x8b,
      sta: 2,
      css: 3,
      special: 0x4455,
    }
    const b = encodeTx(d)
    expect(b).toEqual([
      0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0, 0, 0xcd, 0x0b, 1, 0x8b, 2, 3, 0x55, 0x44,
    ])
    expect(decodeTx(b)).toEqual(d)
  })
  it('RX: address 0-7, length 8-9, checksum 10-11, status 12, errors 13, special 14-15', () => {
    const d = {
      addr: 0x30_0000,
      length: 64,
      csum: 0xbeef,
      status: RXD_STA.DD | RXD_STA.EOP,
      errors: 0,
      special: 7,
    }
    const b = encodeRx(d)
    expect(b).toEqual([0, 0, 0x30, 0, 0, 0, 0, 0, 64, 0, 0xef, 0xbe, 3, 0, 7, 0])
    expect(decodeRx(b)).toEqual(d)
  })
})

describe('start_xmit', () => {
  it('sends each EOP frame, writes DD back when RS is set, and raises TXDW|TXQE', () => {
    let { d, ram } = txReady()
    ram = putTx(ram, 0, 60, TXD_CMD.EOP | TXD_CMD.RS)
    ram = putTx(ram, 1, 40, TXD_CMD.EOP)
    const s = mmioWrite(d, ram, E1000_REG.TDT, 2)
    expect(s.sent.map((f) => f.len)).toEqual([60, 40])
    expect(s.dev.regs.TDH).toBe(2)
    expect(decodeTx(readBytes(s.ram, TX, 16)).sta & TXD_STA.DD).toBe(TXD_STA.DD)
    // No RS: no write-back.
    expect(decodeTx(readBytes(s.ram, TX + 16, 16)).sta).toBe(0)
    expect(s.dev.regs.ICR).toBe(ICR.TXDW | ICR.TXQE)
    expect(s.dev.irqLevel).toBe(true)
    d = s.dev
    expect(d.txData).toEqual([])
  })
  it('a frame without EOP continues in the next descriptor', () => {
    let { d, ram } = txReady()
    ram = putTx(ram, 0, 30, TXD_CMD.RS)
    ram = putTx(ram, 1, 30, TXD_CMD.RS | TXD_CMD.EOP)
    const half = mmioWrite(d, ram, E1000_REG.TDT, 1)
    expect(half.sent).toEqual([])
    expect(half.dev.txData.length).toBe(30)
    d = half.dev
    const all = mmioWrite(d, half.ram, E1000_REG.TDT, 2)
    expect(all.sent.map((f) => f.len)).toEqual([60])
  })
  it('does nothing with TCTL.EN = 0', () => {
    let { d, ram } = txReady()
    d = mmioWrite(d, ram, E1000_REG.TCTL, 0).dev
    ram = putTx(ram, 0, 60, TXD_CMD.EOP | TXD_CMD.RS)
    const s = mmioWrite(d, ram, E1000_REG.TDT, 1)
    expect(s.sent).toEqual([])
    expect(s.dev.regs.TDH).toBe(0)
  })
  it('TDT beyond the ring: one lap, then TDH back at its start stops it (no hang)', () => {
    let { d, ram } = txReady(8)
    ram = putTx(ram, 0, 60, TXD_CMD.EOP | TXD_CMD.RS)
    const s = mmioWrite(d, ram, E1000_REG.TDT, 20)
    const descs = s.events.filter((e) => e.ev.kind === 'e1000.tx-desc')
    expect(descs.length).toBe(8)
    expect(s.dev.regs.TDH).toBe(0)
    expect(s.dev.regs.TDT).toBe(20)
    const end = s.events.find((e) => e.ev.kind === 'e1000.tx-end')?.ev
    expect(end).toMatchObject({ why: 'wrapped', processed: 8 })
    d = s.dev
    expect(d.regs.TDH).not.toBe(d.regs.TDT)
  })
  it('TDLEN not a multiple of 128 becomes 0: one descriptor, then the guard stops it', () => {
    let { d, ram } = txReady(8)
    d = mmioWrite(d, ram, E1000_REG.TDLEN, 100).dev
    ram = putTx(ram, 0, 60, TXD_CMD.EOP | TXD_CMD.RS)
    const s = mmioWrite(d, ram, E1000_REG.TDT, 1)
    expect(s.events.filter((e) => e.ev.kind === 'e1000.tx-desc').length).toBe(1)
    expect(s.dev.regs.TDH).toBe(0)
  })
})

describe('receive', () => {
  function rxReady(bufs: number, rctl = 0x2 | 0x8000) {
    let ram = emptyMemory
    for (let i = 0; i < 8; i++)
      ram = writeBytes(
        ram,
        RX + 16 * i,
        encodeRx({
          addr: 0x30_0000 + i * 2048,
          length: 0,
          csum: 0,
          status: 0,
          errors: 0,
          special: 0,
        }),
      )
    return program(resetE1000(), ram, [
      ['RDBAL', RX],
      ['RDLEN', 128],
      ['RCTL', rctl],
      ['IMS', ICR.RXT0 | ICR.RXO],
      ['RDT', bufs],
    ])
  }
  const frame = (n: number) => Array.from({ length: n }, (_, i) => (i * 7) & 0xff)

  it('RDH == RDT: no buffers, e1000_can_receive is false (held, no RXO)', () => {
    const { d, ram } = rxReady(0)
    expect(canReceive(d)).toBe(false)
    const s = receive(d, ram, frame(60))
    expect(s.events.map((e) => e.ev.kind)).toEqual(['e1000.rx-end'])
    expect(s.events[0]?.ev).toMatchObject({ outcome: 'held' })
    expect(s.dev.regs.ICR & ICR.RXO).toBe(0)
  })
  it('writes the frame, length with FCS, DD|EOP, RDH++, and raises RXT0', () => {
    const { d, ram } = rxReady(4)
    const s = receive(d, ram, frame(100))
    const desc = decodeRx(readBytes(s.ram, RX, 16))
    expect(desc.length).toBe(104)
    expect(desc.status & (RXD_STA.DD | RXD_STA.EOP)).toBe(RXD_STA.DD | RXD_STA.EOP)
    expect(readBytes(s.ram, 0x30_0000, 100)).toEqual(frame(100))
    expect(s.dev.regs.RDH).toBe(1)
    expect(s.dev.regs.ICR & ICR.RXT0).toBe(ICR.RXT0)
  })
  it('pads a short frame to 60 bytes', () => {
    const { d, ram } = rxReady(4)
    const s = receive(d, ram, frame(20))
    expect(decodeRx(readBytes(s.ram, RX, 16)).length).toBe(64)
  })
  it('RXDMT0 when free buffers x 16 <= RDLEN >> 1', () => {
    expect(receive(rxReady(7).d, rxReady(7).ram, frame(60)).dev.regs.ICR & ICR.RXDMT0).toBe(0)
    expect(receive(rxReady(4).d, rxReady(4).ram, frame(60)).dev.regs.ICR & ICR.RXDMT0).toBe(
      ICR.RXDMT0,
    )
  })
  it('a frame that needs more buffers than are free is an overrun: RXO, MPC, RNBC, dropped', () => {
    const { d, ram } = rxReady(2, 0x2 | (3 << 16)) // 256-byte buffers
    const s = receive(d, ram, frame(600))
    expect(s.dev.regs.ICR & ICR.RXO).toBe(ICR.RXO)
    expect(s.dev.regs.MPC).toBe(1)
    expect(s.dev.regs.RNBC).toBe(1)
    expect(s.dev.regs.RDH).toBe(0)
    expect(rxFree(s.dev)).toBe(2)
  })
  it('a frame over several buffers: EOP on the last only', () => {
    const { d, ram } = rxReady(7, 0x2 | (3 << 16))
    const s = receive(d, ram, frame(600))
    const st = [0, 1, 2].map((i) => decodeRx(readBytes(s.ram, RX + 16 * i, 16)))
    expect(st.map((x) => x.length)).toEqual([256, 256, 92])
    expect(st.map((x) => x.status & RXD_STA.EOP)).toEqual([0, 0, RXD_STA.EOP])
    expect(st.every((x) => x.status & RXD_STA.DD)).toBe(true)
  })
  it('drops a frame over 1518 bytes without LPE', () => {
    const { d, ram } = rxReady(7)
    expect(receive(d, ram, frame(1600)).events[0]?.ev).toMatchObject({ outcome: 'oversized' })
  })
})
