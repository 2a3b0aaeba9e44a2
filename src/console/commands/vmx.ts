// The VT-x rows of CONSOLE.md (vmxon, vmxoff, vmclear, vmptrld, vmwrite, vmread, vmlaunch,
// vmresume, guest INSTR) plus vmcall, invept, invvpid and a few VMM helpers (vmcs revision,
// iobitmap, msrbitmap, cpu vt-x|pre-vt, vmm advance-rip).
import {
  GPRS,
  type GuestInstr,
  VMCS_FIELDS,
  type IoSize,
  type VmxOp,
  type VmxTarget,
} from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import { readNumber } from '../lexer.ts'
import type { CommandDef, Localized } from '../registry.ts'
import { invArgsOrNumber } from './invalidate.ts'

/** A VT-x console row: its parse gives a VmxOp, so tests can feed it to applyVmx directly. */
export type VmxCommandDef = CommandDef<VmxOp>

/** NAME of a region (created on first use) or a raw physical address. */
function target(a: ArgReader, what: string): VmxTarget {
  const n = a.optionalNumber('an address')
  if (n !== null) return { by: 'addr', addr: n }
  return { by: 'name', name: a.name(what) }
}

/** Tab completion of FIELD: the VMCS field names, for the first argument only. */
const completeField = (after: readonly string[]): readonly string[] =>
  after.length === 0 ? VMCS_FIELDS.map((f) => f.name) : []

/** FIELD: a Linux-style name (GUEST_RIP) or an encoding (0x681e). */
function field(a: ArgReader): string | bigint {
  const n = a.optionalNumber('a VMCS field encoding')
  return n ?? a.name('a VMCS field name (GUEST_RIP) or encoding (0x681e)')
}

function numOption(a: ArgReader, key: string): bigint | null {
  const o = a.optionText(key)
  if (!o) return null
  const v = readNumber(o.value)
  if (v === 'too-wide') throw new ArgFailure(o.column, `${key}=${o.value} does not fit in 64 bits`)
  if (v === null)
    throw new ArgFailure(o.column, `expected ${key}=N (a number like 0x10 or 16), got '${o.value}'`)
  return v
}

function ioSize(a: ArgReader): IoSize {
  const s = a.option('size', ['1', '2', '4'])
  return s === '2' ? 2 : s === '4' ? 4 : 1
}

const PORT = intField('PORT', 'a port (0-0xffff)', 0xffff, 'the I/O port space is 16 bits')
const VECTOR = intField('VECTOR', 'a vector (0-255)', 255, 'an interrupt vector is 8 bits')
const LMSW_SOURCE = intField(
  'SOURCE',
  'a 16-bit source operand (0-0xffff)',
  0xffff,
  'LMSW takes a 16-bit machine status word',
)

const port = (a: ArgReader): number => a.int(PORT)

const GUEST_INSTRS = [
  'cpuid',
  'hlt',
  'out',
  'in',
  'mov',
  'rdmsr',
  'wrmsr',
  'vmcall',
  'vmread',
  'vmwrite',
  'invlpg',
  'interrupt',
  'clts',
  'lmsw',
  'ins',
  'outs',
  'rep',
] as const

function guestInstr(a: ArgReader): GuestInstr {
  const w = a.word('a guest instruction', GUEST_INSTRS)
  switch (w) {
    case 'cpuid':
    case 'hlt':
    case 'vmcall':
      return { op: w }
    case 'out': {
      const p = port(a)
      const value = a.number('a value')
      return { op: 'out', port: p, value, size: ioSize(a) }
    }
    case 'in': {
      const p = port(a)
      return { op: 'in', port: p, size: ioSize(a) }
    }
    case 'mov': {
      // `mov crN VALUE [reg=R]` writes a control register; `mov R cr3` reads CR3 into R.
      const dst = a.word('a control register (cr0, cr3, cr4, cr8) or a register', [
        'cr0',
        'cr3',
        'cr4',
        'cr8',
        ...GPRS,
      ])
      if (dst === 'cr0' || dst === 'cr3' || dst === 'cr4' || dst === 'cr8') {
        const value = a.address(`a value for ${dst.toUpperCase()}`)
        const reg = a.option('reg', GPRS) ?? 'rax'
        if (dst === 'cr3') return { op: 'mov-cr3', value, reg }
        return { op: 'mov-to-cr', cr: dst === 'cr0' ? 0 : dst === 'cr4' ? 4 : 8, value, reg }
      }
      a.word('cr3 (MOV from a control register reads CR3 here)', ['cr3'])
      return { op: 'mov-from-cr3', reg: dst }
    }
    case 'clts':
      return { op: 'clts' }
    case 'lmsw': {
      const value = BigInt(a.int(LMSW_SOURCE))
      return { op: 'lmsw', value, memory: a.flags(['memory']).has('memory') }
    }
    case 'rep':
    case 'ins':
    case 'outs': {
      const rep = w === 'rep'
      const op = rep ? a.word('ins or outs', ['ins', 'outs']) : w
      const p = port(a)
      return { op, port: p, size: ioSize(a), rep }
    }
    case 'rdmsr':
      return { op: 'rdmsr', msr: a.number('an MSR number') }
    case 'wrmsr': {
      const msr = a.number('an MSR number')
      return { op: 'wrmsr', msr, value: a.number('a value') }
    }
    case 'vmread':
      return { op: 'vmread', field: field(a) }
    case 'vmwrite': {
      const f = field(a)
      return { op: 'vmwrite', field: f, value: a.number('a value') }
    }
    case 'invlpg':
      return { op: 'invlpg', va: a.address('a linear address') }
    case 'interrupt': {
      return { op: 'interrupt', vector: a.int(VECTOR) }
    }
  }
}

const simple = (
  word: string,
  kind: 'vmx.vmxoff' | 'vmx.vmlaunch' | 'vmx.vmresume' | 'vmx.vmcall',
  summary: Localized,
): VmxCommandDef => ({
  words: [word],
  usage: word,
  topic: 'vmx',
  summary,
  example: word,
  parse: (a) => {
    a.done()
    return { kind }
  },
})

export const vmxCommands: readonly VmxCommandDef[] = [
  {
    words: ['vmxon'],
    usage: 'vmxon [NAME|ADDR]',
    topic: 'vmx',
    summary: {
      en: 'VMXON: enter VMX root operation using a VMXON region (default: one named vmxon).',
      zh: 'VMXON：使用 VMXON 区域（默认名为 `vmxon`）进入 VMX 根模式。',
    },
    example: 'vmxon',
    parse: (a) => {
      const region = a.optionalNumber('a VMXON region address')
      const named =
        region === null ? a.optional((t) => (/^[a-z_][\w.-]*$/i.test(t) ? t : null)) : null
      a.done()
      return {
        kind: 'vmx.vmxon',
        region:
          region !== null
            ? { by: 'addr', addr: region }
            : named !== null
              ? { by: 'name', name: named }
              : null,
      }
    },
  },
  simple('vmxoff', 'vmx.vmxoff', {
    en: 'VMXOFF: leave VMX operation.',
    zh: 'VMXOFF：退出 VMX 操作模式。',
  }),
  {
    words: ['vmclear'],
    usage: 'vmclear NAME|ADDR',
    topic: 'vmx',
    summary: {
      en: 'VMCLEAR: make the VMCS inactive, not current and clear (created on first use).',
      zh: 'VMCLEAR：使该 VMCS 变为非活动、非当前且处于“清除”状态（首次使用时创建）。',
    },
    example: 'vmclear vcpu0',
    parse: (a) => {
      const t = target(a, 'a VMCS name or address')
      a.done()
      return { kind: 'vmx.vmclear', target: t }
    },
  },
  {
    words: ['vmptrld'],
    usage: 'vmptrld NAME|ADDR',
    topic: 'vmx',
    summary: {
      en: 'VMPTRLD: make the VMCS current and active (this is how a VMM switches vCPUs).',
      zh: 'VMPTRLD：把该 VMCS 设为当前且活动的 VMCS（虚拟机监控器就是这样切换 vCPU 的）。',
    },
    example: 'vmptrld vcpu0',
    parse: (a) => {
      const t = target(a, 'a VMCS name or address')
      a.done()
      return { kind: 'vmx.vmptrld', target: t }
    },
  },
  {
    words: ['vmwrite'],
    usage: 'vmwrite FIELD VALUE',
    topic: 'vmx',
    summary: {
      en: 'VMWRITE: write a field of the current VMCS (by name like GUEST_RIP or encoding like 0x681e). Executed while the guest runs (VMX non-root), VMWRITE does not write: it causes a VM exit, reason 25 (VMWRITE).',
      zh: 'VMWRITE：写当前 VMCS 的字段（按名字如 GUEST_RIP，或按编码如 0x681e）。在客户机运行时（VMX 非根模式）执行的 VMWRITE 不会写入，而是引起 VM 退出，退出原因 25（VMWRITE）。',
    },
    example: 'vmwrite GUEST_RIP 0x1000',
    complete: completeField,
    parse: (a) => {
      const f = field(a)
      const value = a.number('a value')
      a.done()
      return { kind: 'vmx.vmwrite', field: f, value }
    },
  },
  {
    words: ['vmread'],
    usage: 'vmread FIELD',
    topic: 'vmx',
    summary: {
      en: 'VMREAD: read a field of the current VMCS. Executed while the guest runs (VMX non-root), VMREAD does not read: it causes a VM exit, reason 23 (VMREAD).',
      zh: 'VMREAD：读取当前 VMCS 的字段。在客户机运行时（VMX 非根模式）执行的 VMREAD 不会读取，而是引起 VM 退出，退出原因 23（VMREAD）。',
    },
    example: 'vmread VM_EXIT_REASON',
    complete: completeField,
    parse: (a) => {
      const f = field(a)
      a.done()
      return { kind: 'vmx.vmread', field: f }
    },
  },
  simple('vmlaunch', 'vmx.vmlaunch', {
    en: 'VMLAUNCH: VM entry with a clear VMCS; on success it becomes launched.',
    zh: 'VMLAUNCH：用处于“清除”状态的 VMCS 进行 VM 进入；成功后它变为“已启动”。',
  }),
  simple('vmresume', 'vmx.vmresume', {
    en: 'VMRESUME: VM entry with a launched VMCS.',
    zh: 'VMRESUME：用处于“已启动”状态的 VMCS 进行 VM 进入。',
  }),
  simple('vmcall', 'vmx.vmcall', {
    en: 'VMCALL executed by the VMM in root operation (fails with error 1); use "guest vmcall" for a hypercall.',
    zh: '虚拟机监控器在根模式下执行 VMCALL（以错误号 1 失败）；客户机的超级调用请用 `guest vmcall`。',
  }),
  {
    words: ['invept'],
    usage: 'invept single|global|TYPE [EPTP]',
    topic: 'vmx',
    summary: {
      en: 'INVEPT: invalidate EPT-derived translations for one EPTP (type 1) or all (type 2).',
      zh: 'INVEPT：使某个 EPTP（类型 1）或全部（类型 2）由 EPT 派生的地址转换失效。',
    },
    example: 'invept single 0x1000001e',
    parse: (a) => {
      const { type, first } = invArgsOrNumber(a, 'invept')
      return { kind: 'vmx.invept', type, eptp: first ?? 0n }
    },
  },
  {
    words: ['invvpid'],
    usage: 'invvpid address|single|all|single-retain-globals|TYPE [VPID] [LA]',
    topic: 'vmx',
    summary: {
      en: 'INVVPID: invalidate cached translations tagged with a VPID (types 0-3).',
      zh: 'INVVPID：使带有某个 VPID 标记的缓存地址转换失效（类型 0-3）。',
    },
    example: 'invvpid single 1',
    parse: (a) => {
      const { type, first, second } = invArgsOrNumber(a, 'invvpid')
      return { kind: 'vmx.invvpid', type, vpid: first ?? 0n, linear: second ?? 0n }
    },
  },
  {
    words: ['guest'],
    usage:
      'guest cpuid | hlt | out PORT VALUE [size=1|2|4] | in PORT [size=1|2|4] | [rep] outs|ins PORT [size=1|2|4] | mov cr0|cr3|cr4|cr8 VALUE [reg=rax] | mov REG cr3 | clts | lmsw SOURCE [memory] | rdmsr MSR | wrmsr MSR VALUE | vmcall | vmread FIELD | vmwrite FIELD VALUE | invlpg VA | interrupt VECTOR',
    topic: 'vmx',
    summary: {
      en: 'The running guest executes one instruction (or an external interrupt arrives); it exits to the VMM if the controls say so. CPUID and the VMX instructions always exit: vmcall with reason 18, vmread 23, vmwrite 25. MOV to CR0/CR4, CLTS and LMSW exit (28) only where they would change a bit the CR0/CR4 guest/host mask gives the VMM; MOV from CR3 with CR3-store exiting, MOV to CR8 with CR8-load exiting; INS/OUTS like IN/OUT, their qualification saying string and REP.',
      zh: '正在运行的客户机执行一条指令（或到来一个外部中断）；若控制字段要求，则发生 VM 退出回到虚拟机监控器。CPUID 和 VMX 指令总会退出：`vmcall` 的退出原因为 18，`vmread` 为 23，`vmwrite` 为 25。MOV 到 CR0/CR4、CLTS 和 LMSW 只在会改变 CR0/CR4 客户机/主机掩码交给 VMM 的位时才退出（28）；MOV 从 CR3 读取在“CR3 存储退出”打开时退出，MOV 到 CR8 在“CR8 加载退出”打开时退出；INS/OUTS 与 IN/OUT 相同，其限定信息标明字符串和 REP。',
    },
    example: 'guest out 0x3f8 0x41',
    parse: (a) => {
      const instr = guestInstr(a)
      a.done()
      return { kind: 'vmx.guest', instr }
    },
  },
  {
    words: ['vmcs'],
    usage: 'vmcs NAME|ADDR revision=N',
    topic: 'vmx',
    summary: {
      en: 'Software writes a revision identifier into a region (a wrong one makes VMPTRLD fail with 11).',
      zh: '软件向区域写入修订标识符（写错会使 VMPTRLD 以错误号 11 失败）。',
    },
    example: 'vmcs old revision=0x7',
    parse: (a) => {
      const t = target(a, 'a region name or address')
      const revision = numOption(a, 'revision')
      if (revision === null) throw a.missing('expected revision=N')
      a.done()
      return { kind: 'vmx.region', target: t, revision }
    },
  },
  {
    words: ['iobitmap'],
    usage: 'iobitmap PORT on|off',
    topic: 'vmx',
    summary: {
      en: "Set or clear a port's bit in the current VMCS's I/O bitmap (A: 0-0x7fff, B: 0x8000-0xffff).",
      zh: '在当前 VMCS 的 I/O 位图中设置或清除某端口的位（A:0-0x7fff，B:0x8000-0xffff）。',
    },
    example: 'iobitmap 0x3f8 on',
    parse: (a) => {
      const index = a.number('a port')
      const on = a.word('on or off', ['on', 'off']) === 'on'
      a.done()
      return { kind: 'vmx.bitmap', bitmap: 'io', index, on }
    },
  },
  {
    words: ['msrbitmap'],
    usage: 'msrbitmap MSR read|write on|off',
    topic: 'vmx',
    summary: {
      en: "Set or clear an MSR's read or write bit in the current VMCS's MSR bitmap.",
      zh: '在当前 VMCS 的 MSR 位图中设置或清除某 MSR 的读或写位。',
    },
    example: 'msrbitmap 0xc0000080 write on',
    parse: (a) => {
      const index = a.number('an MSR number')
      const rw = a.word('read or write', ['read', 'write'])
      const on = a.word('on or off', ['on', 'off']) === 'on'
      a.done()
      return { kind: 'vmx.bitmap', bitmap: rw === 'read' ? 'msr-read' : 'msr-write', index, on }
    },
  },
  {
    words: ['cpu'],
    usage: 'cpu vt-x|pre-vt',
    topic: 'vmx',
    summary: {
      en: 'Choose how the guest kernel runs: at ring 0 of VMX non-root (vt-x) or deprivileged at ring 1 (pre-vt).',
      zh: '选择客户机内核的运行方式：在 VMX 非根模式的 0 环（`vt-x`），或降级到 1 环运行（`pre-vt`）。',
    },
    example: 'cpu pre-vt',
    parse: (a) => {
      const picture = a.word('vt-x or pre-vt', ['vt-x', 'pre-vt'])
      a.done()
      return { kind: 'vmx.picture', picture }
    },
  },
  {
    words: ['vmm', 'advance-rip'],
    usage: 'vmm advance-rip',
    topic: 'vmx',
    summary: {
      en: 'The VMM skips the exiting instruction: GUEST_RIP += VM_EXIT_INSTRUCTION_LEN.',
      zh: '虚拟机监控器跳过引起退出的指令：GUEST_RIP += VM_EXIT_INSTRUCTION_LEN。',
    },
    example: 'vmm advance-rip',
    parse: (a) => {
      a.done()
      return { kind: 'vmx.advance-rip' }
    },
  },
]
