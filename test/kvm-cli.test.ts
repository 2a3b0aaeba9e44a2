// The KVM/QEMU I/O family through the real console path: `kvm`, `pci`, `vcpu`, `e1000`,
// `tap`; help with examples, JSON fields, and bad input refused with line and column.
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../src/console/index.ts'
import { helpLines } from '../src/console/interactive.ts'
import { runCli, scriptFailure } from './cliHelper.ts'

const VM = `kvm create
pci e1000`

describe('KVM/QEMU I/O console family', () => {
  it('help lists every command with an example that runs', () => {
    const all = helpLines('', 'en').join('\n')
    const rows = COMMANDS.filter((c) =>
      ['kvm', 'pci', 'vcpu', 'e1000', 'tap'].includes(c.words[0] ?? ''),
    )
    expect(rows.length).toBe(14)
    for (const c of rows) {
      expect(all).toContain(c.words.join(' '))
      const setup =
        c.words[0] === 'kvm' && c.words[1] === 'create'
          ? ''
          : c.words[0] === 'pci'
            ? 'kvm create\n'
            : `${VM}\ne1000 init\n`
      const r = runCli(`${setup}${c.example}`)
      expect(r.error, c.example).toBeNull()
    }
  })
  it('a port write reports exit, kvm_run, QEMU and the entry in its JSON', () => {
    const j = runCli(`${VM}\nvcpu out 0xcf8 0x80001800 size=4`, { mustSucceed: true }).json.at(-1)
    expect(j).toMatchObject({
      cmd: 'vcpu out',
      exit: { reason: 30, name: 'IO_INSTRUCTION', qualification: '0xcf80003', port: '0xcf8' },
      kvm: { decision: 'pio', to_user: true },
      kvm_run: {
        exit_reason: 2,
        io: { direction: 1, size: 4, port: '0xcf8', count: 1, data_offset: 4096 },
      },
      qemu: { handler: 'kvm_handle_io', target: 'pci-config-address' },
      entry: { injected: null, from_kernel: false },
      where: 'guest',
    })
  })
  it('an MMIO read of ICR by name completes with its value', () => {
    const j = runCli(`${VM}\nvcpu write ICS 0x3\nvcpu read icr`, { mustSucceed: true }).json.at(-1)
    expect(j).toMatchObject({
      exit: { reason: 49 },
      kvm_run: { exit_reason: 6, mmio: { phys_addr: '0xfebc00c0', len: 4, is_write: false } },
      reg: { name: 'ICR', effect: 'read-clear', value: '0x3', after: '0x0' },
      entry: { completes: { what: 'mmio-read', value: '0x3' } },
    })
  })
  it('refuses bad input with line and column', () => {
    expect(scriptFailure('e1000 init')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/kvm create/),
    })
    expect(scriptFailure(`${VM}\nvcpu out 0x10000 1`)).toMatchObject({ line: 3, column: 10 })
    expect(scriptFailure(`${VM}\nvcpu write TDT 1 size=2`)).toMatchObject({
      line: 3,
      message: expect.stringMatching(/32-bit accesses only/),
    })
    expect(scriptFailure(`${VM}\ne1000 init tx=12`)).toMatchObject({
      line: 3,
      message: expect.stringMatching(/multiple of 8/),
    })
    expect(scriptFailure(`kvm create\npci e1000 bar0=0xfebc1000`)).toMatchObject({
      line: 2,
      message: expect.stringMatching(/not aligned/),
    })
    expect(scriptFailure(`${VM}\ne1000 init\ne1000 send 60 count=8`)).toMatchObject({
      line: 4,
      message: expect.stringMatching(/7 free descriptor/),
    })
    expect(scriptFailure(`${VM}\ne1000 send 2000`)).toMatchObject({ line: 3, column: 12 })
  })
  it('a TDLEN that is not a multiple of 128 is stored as QEMU masks it, and nothing hangs', () => {
    const r = runCli(`${VM}\ne1000 init\nvcpu write TDLEN 100\nvcpu write TDT 5`, {
      mustSucceed: true,
    })
    expect(r.json[3]).toMatchObject({
      reg: { name: 'TDLEN', value: '0x64', after: '0x0', effect: 'masked' },
    })
    expect(r.json[4]).toMatchObject({ tx: { why: 'wrapped', processed: 1 } })
  })
})
