// The console's own words (help, info, x, xp, history, clear) headless: README "The console".
import { describe, expect, it } from 'vitest'
import { type JsonObject, resultJson, resultText } from './format.ts'
import { runScript } from './run.ts'

const json = (src: string): JsonObject[] => runScript(src).results.map(resultJson)

describe('console words run headless', () => {
  const src = [
    'map 0x7000 0x5000 w',
    'poke 0x5008 0x1122334455667788',
    'x/2g 0x7000',
    'xp 0x5008',
    'info registers',
    '# a comment',
    'history',
    'clear',
    'help access',
  ].join('\n')
  const run = runScript(src)
  const out = run.results.map(resultJson)
  const at = (line: number) => out.find((j) => j.line === line)

  it('make no events and no frames', () => {
    expect(run.error).toBeNull()
    expect(run.trace.frames.every((f) => f.line <= 2)).toBe(true)
    for (const r of run.results.slice(2)) expect(r.events).toEqual([])
  })

  it('x and xp give text and the values read as hex strings', () => {
    expect(at(3)).toEqual({
      line: 3,
      cmd: 'x',
      ok: true,
      text: [
        '0x7000               (PA 0x5000): 0x0',
        '0x7008               (PA 0x5008): 0x1122334455667788',
      ],
      values: ['0x0', '0x1122334455667788'],
    })
    expect(at(4)).toEqual({
      line: 4,
      cmd: 'xp',
      ok: true,
      text: ['0x5008              : 0x1122334455667788'],
      values: ['0x1122334455667788'],
    })
  })

  it('x stops its values at the first address that is not mapped, and still runs', () => {
    expect(json('map 0x7000 0x5000\nx/3g 0x7ff8')[1]).toEqual({
      line: 2,
      cmd: 'x',
      ok: true,
      text: [
        '0x7ff8               (PA 0x5ff8): 0x0',
        '0x8000: not mapped (the access would fault)',
      ],
      values: ['0x0'],
    })
  })

  it('info names its topic in cmd; history lists the lines that ran; clear prints nothing', () => {
    expect(at(5)).toMatchObject({ line: 5, cmd: 'info registers', ok: true })
    expect((at(5)?.text as string[])[0]).toMatch(/^paging: CR0\.WP=1 EFER\.NXE=1 /)
    expect(at(7)).toEqual({
      line: 7,
      cmd: 'history',
      ok: true,
      text: [
        '   1  map 0x7000 0x5000 w',
        '   2  poke 0x5008 0x1122334455667788',
        '   3  x/2g 0x7000',
        '   4  xp 0x5008',
        '   5  info registers',
        '   6  history',
      ],
    })
    expect(at(8)).toEqual({ line: 8, cmd: 'clear', ok: true, text: [] })
  })

  it('help prints its lines as text, in English', () => {
    expect(at(9)).toEqual({
      line: 9,
      cmd: 'help',
      ok: true,
      text: [
        'usage: access VA [read|write|fetch] [user|kernel]',
        expect.stringMatching(/^ {2}One memory access/),
        '  example: access 0x7123 write user',
      ],
    })
    const all = json('help')[0]
    expect(all?.text).toEqual(expect.arrayContaining(['Guests', 'VT-x']))
  })

  it('a bad argument is an error with a column like any command', () => {
    expect(json('x/0g 0x1000')[0]).toMatchObject({
      cmd: 'x',
      ok: false,
      column: 3,
      error: expect.stringContaining('expected /Ng: N 64-bit words, 1 to 64'),
    })
    expect(json('x/4q 0x1000')[0]).toMatchObject({ ok: false, column: 3 })
    expect(json('x/65g 0x1000')[0]).toMatchObject({ ok: false })
    expect(json('help/2')[0]).toMatchObject({
      cmd: 'help',
      ok: false,
      column: 5,
      error: expect.stringContaining("'help' takes no /FORMAT"),
    })
    expect(json('access/2 0x1000')[0]).toMatchObject({ cmd: 'access', ok: false })
    expect(json('info disks')[0]).toMatchObject({
      cmd: 'info',
      ok: false,
      column: 6,
      error: expect.stringContaining('expected an info topic: mem | registers'),
    })
    expect(json('info registrs')[0]?.error).toMatch(/did you mean 'registers'\?/)
    expect(json('history now')[0]).toMatchObject({ ok: false, column: 9 })
  })

  it('x takes the decimal-address note like any address', () => {
    expect(json('x/4g 1000')[0]).toMatchObject({
      cmd: 'x',
      ok: true,
      warnings: ['1000 is decimal (0x3e8); write 0x1000 for hex'],
    })
  })

  it('xp ... host reads the hypervisor’s memory: the shadow root entry a lazy fill wrote', () => {
    // Shadow pages come from the host allocator at 256 MiB, the root first (shadow-cli.test.ts).
    const src =
      'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nmap 0x400000 0x5000 w u\naccess 0x400000\n'
    const r = json(src + 'xp/1g 0x10000000 host\nxp/1g 0x10000000\n')
    // A present shadow PML4E pointing at the next shadow page (0x10001000), P|RW|US|A; the
    // guest-physical address of the same number holds nothing.
    expect(r.at(-2)?.values).toEqual(['0x10001027'])
    expect(r.at(-1)?.values).toEqual(['0x0'])
    expect(json('xp/1g 0x0 host')[0]?.text).toEqual([
      "xp host: no hypervisor memory under 'mmu native' (choose 'mmu shadow' or 'mmu ept')",
    ])
  })

  it('info registers shows the paging CPU’s rights controls, PKRU and CR3 (the guest’s under a hypervisor)', () => {
    const text = json('mmu shadow\ncr0.wp off\ninfo registers\n').at(-1)?.text as string[]
    expect(text[0]).toMatch(/^paging: CR0\.WP=0 EFER\.NXE=1 .* CR4\.PKE=0 EFLAGS\.AC=0$/)
    expect(text[1]).toBe(
      "paging: PKRU=0x00000000 CR3=not loaded (paging x86-64, the guest's under mmu shadow)",
    )
  })

  it('the console prints the same text', () => {
    const r = runScript('xp/1g 0x0').results[0]
    expect(r && resultText(r)).toEqual(['0x0                 : 0x0'])
  })
})
