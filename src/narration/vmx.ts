// One or two sentences per VT-x event, English and Simplified Chinese: what the hardware did
// and why (hw-facts §4, §7; course notes 001 and 004 slides 42-53).
import {
  exhaustive,
  hex,
  EXIT_REASON_DESCRIPTIONS,
  type GuestEffect,
  type GuestStateCheck,
  type VmExitInfo,
  type VmxEvent,
  guestInstrText,
} from '../engine/index.ts'
import type { Localized } from '../console/index.ts'
import {
  BITMAP_ZH,
  VM_INSTRUCTION_ERROR_ZH,
  exitCauseZh,
  exitReasonZh,
  guestInstrZh,
  vmxReasonZh,
} from './vmx-zh.ts'

const h = (n: number): string => hex(BigInt(n))

const EXIT_ZH: Readonly<Record<number, string>> = {
  1: '外部中断',
  10: 'CPUID',
  12: 'HLT',
  14: 'INVLPG',
  18: 'VMCALL，超级调用',
  19: 'VMCLEAR',
  20: 'VMLAUNCH',
  21: 'VMPTRLD',
  23: 'VMREAD',
  24: 'VMRESUME',
  25: 'VMWRITE',
  26: 'VMXOFF',
  27: 'VMXON',
  28: '控制寄存器访问',
  30: 'I/O 指令',
  31: 'RDMSR',
  32: 'WRMSR',
  33: 'VM 进入失败：客户机状态无效',
  48: 'EPT 违例',
  50: 'INVEPT',
  53: 'INVVPID',
}

function effect(e: GuestEffect): Localized {
  switch (e.what) {
    case 'cpuid':
      return {
        en: 'CPUID is not privileged, so at ring 1 it runs without trapping and the guest sees the real processor: a virtualization hole.',
        zh: 'CPUID 不是特权指令，在 1 环执行也不会陷入，客户机看到的是真实处理器的信息：这正是一个虚拟化漏洞。',
      }
    case 'halted':
      return {
        en: 'HLT exiting is off, so HLT runs in the guest and the vCPU halts until an interrupt arrives.',
        zh: '“HLT 退出”未打开，HLT 直接在客户机中执行，vCPU 停机，直到有中断到来。',
      }
    case 'io-out':
      return {
        en: `No I/O exit applies, so OUT writes ${hex(e.value)} to port ${h(e.port)} and reaches the device directly.`,
        zh: `没有 I/O 退出条件成立，OUT 把 ${hex(e.value)} 写到端口 ${h(e.port)}，直接到达设备。`,
      }
    case 'io-in':
      return {
        en: `No I/O exit applies, so IN reads ${hex(e.value)} from port ${h(e.port)} directly.`,
        zh: `没有 I/O 退出条件成立，IN 直接从端口 ${h(e.port)} 读到 ${hex(e.value)}。`,
      }
    case 'cr3':
      return {
        en: `CR3-load exiting is off (or the value is a CR3-target value), so the guest loads CR3 = ${hex(e.value)} itself, as it does with EPT.`,
        zh: `“CR3 加载退出”未打开（或该值是某个 CR3 目标值），客户机自己把 CR3 设为 ${hex(e.value)}，使用 EPT 时就是这样。`,
      }
    case 'cr-write':
      return e.cr === 8
        ? {
            en: `CR8-load exiting is off: the guest writes its task priority (CR8 = ${hex(e.now)}) without an exit.`,
            zh: `“CR8 加载退出”未打开：客户机直接写自己的任务优先级（CR8 = ${hex(e.now)}），不发生退出。`,
          }
        : e.now === e.value
          ? {
              en: `No bit the VMM owns through the CR${e.cr} guest/host mask would change, so the guest writes CR${e.cr} = ${hex(e.now)} without an exit.`,
              zh: `VMM 通过 CR${e.cr} 客户机/主机掩码拥有的位都不会改变，所以客户机直接写入 CR${e.cr} = ${hex(e.now)}，不发生退出。`,
            }
          : {
              en: `No exit: the guest asked for ${hex(e.value)}, but the bits the VMM owns through the CR${e.cr} guest/host mask keep their value, so CR${e.cr} = ${hex(e.now)} (the guest reads those bits from the read shadow).`,
              zh: `不发生退出：客户机要写 ${hex(e.value)}，但 VMM 通过 CR${e.cr} 客户机/主机掩码拥有的位保持原值，所以 CR${e.cr} = ${hex(e.now)}（客户机读这些位时读到的是读影子）。`,
            }
    case 'cr-read':
      return {
        en: `CR3-store exiting is off: MOV from CR3 reads ${hex(e.value)} in the guest without an exit.`,
        zh: `“CR3 存储退出”未打开：MOV 从 CR3 读取在客户机中直接得到 ${hex(e.value)}，不发生退出。`,
      }
    case 'io-string':
      return {
        en: `No I/O exit applies: ${e.rep ? 'REP ' : ''}${e.direction === 'in' ? 'INS' : 'OUTS'} on port ${h(e.port)} runs in the guest.`,
        zh: `没有 I/O 退出条件成立：${e.rep ? 'REP ' : ''}${e.direction === 'in' ? 'INS' : 'OUTS'} 在端口 ${h(e.port)} 上直接在客户机中执行。`,
      }
    case 'msr-read':
      return {
        en: `The MSR bitmap lets RDMSR ${hex(e.msr)} through: it runs in the guest without an exit.`,
        zh: `MSR 位图放行了 RDMSR ${hex(e.msr)}：它在客户机中执行，不发生退出。`,
      }
    case 'msr-write':
      return {
        en: `The MSR bitmap lets WRMSR ${hex(e.msr)} through: it runs in the guest without an exit.`,
        zh: `MSR 位图放行了 WRMSR ${hex(e.msr)}：它在客户机中执行，不发生退出。`,
      }
    case 'invlpg':
      return {
        en: `INVLPG exiting is off: the guest invalidates its own TLB entry for ${hex(e.va)}.`,
        zh: `“INVLPG 退出”未打开：客户机自己使 ${hex(e.va)} 的 TLB 项失效。`,
      }
    case 'interrupt':
      return {
        en: `External-interrupt exiting is off: vector ${e.vector} is delivered through the guest's own IDT${e.woke ? ' and wakes the halted vCPU' : ''}.`,
        zh: `外部中断退出未打开：向量 ${e.vector} 经客户机自己的 IDT 投递${e.woke ? '，并唤醒停机的 vCPU' : ''}。`,
      }
    default:
      return exhaustive(e)
  }
}

/** What the failed guest-state check was, in a clause of each language. */
function guestCheck(c: GuestStateCheck | null, cause: string): Localized {
  switch (c?.check) {
    case 'rflags-reserved':
      return {
        en: `GUEST_RFLAGS is ${hex(c.rflags)}, but RFLAGS bit 1 is reserved and must be 1, and bits 3, 5, 15 and 22-63 must be 0`,
        zh: `GUEST_RFLAGS 为 ${hex(c.rflags)}，但 RFLAGS 的第 1 位是保留位，必须为 1，第 3、5、15 位和第 22-63 位必须为 0`,
      }
    case 'rflags-vm':
      return {
        en: `GUEST_RFLAGS is ${hex(c.rflags)}: its VM flag (bit 17, virtual-8086 mode) must be 0 for an IA-32e mode guest or while GUEST_CR0.PE is 0`,
        zh: `GUEST_RFLAGS 为 ${hex(c.rflags)}：对 IA-32e 模式客户机，或 GUEST_CR0.PE 为 0 时，其 VM 标志（第 17 位，虚拟 8086 模式）必须为 0`,
      }
    case 'rflags-if':
      return {
        en: `GUEST_RFLAGS is ${hex(c.rflags)}: IF (bit 9) must be 1 when the entry injects an external interrupt`,
        zh: `GUEST_RFLAGS 为 ${hex(c.rflags)}：VM 进入要注入外部中断时，IF（第 9 位）必须为 1`,
      }
    case 'activity-state':
      return {
        en: `GUEST_ACTIVITY_STATE is ${c.activity}, not 0-3`,
        zh: `GUEST_ACTIVITY_STATE 为 ${c.activity}，不在 0-3 之间`,
      }
    case 'vmcs-link':
      return {
        en: `VMCS_LINK_POINTER is ${hex(c.link)}, neither FFFFFFFF_FFFFFFFFH nor a valid VMCS`,
        zh: `VMCS_LINK_POINTER 为 ${hex(c.link)}，既不是 FFFFFFFF_FFFFFFFFH，也不是有效的 VMCS`,
      }
    default:
      return { en: cause, zh: cause }
  }
}

function entryFailure(x: VmExitInfo): Localized {
  const c = guestCheck(x.guestCheck, x.cause)
  return {
    en: `The VM entry fails on guest state: ${c.en}. This is not a VMfail: the processor records exit reason ${h(x.fullReason)} (33, VM-entry failure due to invalid guest state, with bit 31 set) and exit qualification ${hex(x.qualification)}, loads host state and goes on at HOST_RIP in root operation. The launch state does not change: only a VM entry that succeeds makes a VMCS launched.`,
    zh: `VM 进入在检查客户机状态时失败：${c.zh}。这不是 VMfail：处理器记录退出原因 ${h(x.fullReason)}（33，因客户机状态无效导致 VM 进入失败，第 31 位置 1）和退出限定 ${hex(x.qualification)}，载入宿主机状态，在根模式下从 HOST_RIP 继续执行。启动状态不变：只有成功的 VM 进入才会使 VMCS 变为“已启动”。`,
  }
}

/** One or two sentences per event: what the hardware did, and why. */
export function describeVmxEvent(e: VmxEvent): Localized {
  switch (e.kind) {
    case 'vmx.region':
      return {
        en: `Software ${e.created ? 'allocates a 4 KiB region' : 'writes into the region'} ${e.name} at ${hex(e.addr)} and puts revision identifier ${h(e.revision)} in its first 4 bytes.`,
        zh: `软件${e.created ? '分配一个 4 KiB 区域' : '写入区域'} \`${e.name}\`（地址 ${hex(e.addr)}），并在前 4 个字节写入修订标识符 ${h(e.revision)}。`,
      }
    case 'vmx.instr':
      switch (e.instr) {
        case 'vmxon':
          return {
            en: 'VMXON succeeds: the processor enters VMX root operation; there is no current VMCS yet.',
            zh: 'VMXON 成功：处理器进入 VMX 根模式，此时还没有当前 VMCS。',
          }
        case 'vmxoff':
          return {
            en: 'VMXOFF: the processor leaves VMX operation.',
            zh: 'VMXOFF：处理器退出 VMX 操作模式。',
          }
        case 'vmclear':
          return {
            en: `VMCLEAR ${e.vmcs ?? ''}: its data is flushed to memory and its launch state becomes clear, so the next entry must be VMLAUNCH.`,
            zh: `VMCLEAR ${e.vmcs ?? ''}：其数据写回内存，启动状态变为“清除”，下一次进入必须用 VMLAUNCH。`,
          }
        case 'vmptrld':
          return {
            en: `VMPTRLD ${e.vmcs ?? ''}: it becomes the current VMCS; VMREAD, VMWRITE and VM entry now act on it (this is how the VMM switches vCPUs).`,
            zh: `VMPTRLD ${e.vmcs ?? ''}：它成为当前 VMCS，之后的 VMREAD、VMWRITE 和 VM 进入都作用于它（虚拟机监控器就是这样切换 vCPU 的）。`,
          }
        default:
          return {
            en: `${e.instr.toUpperCase()} succeeds and invalidates ${e.tlbRemoved} cached translation(s).`,
            zh: `${e.instr.toUpperCase()} 成功，使 ${e.tlbRemoved} 个缓存的地址转换失效。`,
          }
      }
    case 'vmx.fail':
      return e.vmfail === 'valid'
        ? {
            en: `${e.instr.toUpperCase()} fails with VMfailValid: ZF = 1 and error ${e.error ?? '?'} ("${e.errorText}") is written to VM_INSTRUCTION_ERROR, because ${e.why}.`,
            zh: `${e.instr.toUpperCase()} 以 VMfailValid 失败：ZF = 1，错误号 ${e.error ?? '?'}（“${(e.error !== null && VM_INSTRUCTION_ERROR_ZH[e.error]) || e.errorText}”）写入 VM_INSTRUCTION_ERROR 字段，原因：${vmxReasonZh(e.why)}。`,
          }
        : {
            en: `${e.instr.toUpperCase()} fails with VMfailInvalid: CF = 1 and no error number is stored, because ${e.why}.`,
            zh: `${e.instr.toUpperCase()} 以 VMfailInvalid 失败：CF = 1，不记录错误号，原因：${vmxReasonZh(e.why)}。`,
          }
    case 'vmx.fault':
      return {
        en: `${e.instr.toUpperCase()} raises #UD: ${e.why}.`,
        zh: `${e.instr.toUpperCase()} 触发 #UD（无效指令异常）：处理器不在 VMX 操作模式中，请先执行 VMXON。`,
      }
    case 'vmcs.read':
      return {
        en: `VMREAD reads ${e.field} (encoding ${h(e.encoding)}) of ${e.vmcs}: ${hex(e.value)}.`,
        zh: `VMREAD 读取 ${e.vmcs} 的 ${e.field}（编码 ${h(e.encoding)}）：${hex(e.value)}。`,
      }
    case 'vmcs.write':
      return {
        en: `VMWRITE sets ${e.field} (encoding ${h(e.encoding)}) of ${e.vmcs} to ${hex(e.value)}.`,
        zh: `VMWRITE 把 ${e.vmcs} 的 ${e.field}（编码 ${h(e.encoding)}）设为 ${hex(e.value)}。`,
      }
    case 'vmx.entry':
      return {
        en: `VM entry with ${e.instr.toUpperCase()}: the checks pass, guest state is loaded from ${e.vmcs} and the guest runs at RIP ${hex(e.guestRip)} in VMX non-root operation, ring 0${e.vpid === 0 ? '; without VPID the TLB is flushed' : `; its translations are tagged with VPID ${e.vpid}`}.`,
        zh: `用 ${e.instr.toUpperCase()} 进行 VM 进入：检查通过，从 ${e.vmcs} 载入客户机状态，客户机在 VMX 非根模式的 0 环从 RIP ${hex(e.guestRip)} 开始运行${e.vpid === 0 ? '；没有 VPID，TLB 被刷新' : `；其地址转换带有 VPID ${e.vpid} 标记`}。`,
      }
    case 'vmx.exit': {
      const x = e.exit
      const zh = EXIT_ZH[x.reason] ?? exitReasonZh(x.reason)
      if (x.entryFailure) return entryFailure(x)
      return {
        en: `VM exit, reason ${x.reason} (${EXIT_REASON_DESCRIPTIONS[x.reason] ?? x.name ?? ''}), qualification ${hex(x.qualification)}: the processor saves guest state into ${e.vmcs} (RIP ${hex(e.guestRip)}, the exiting instruction) and loads host state, so the VMM runs at ring 0 of root operation. Cause: ${x.cause}.`,
        zh: `发生 VM 退出，退出原因 ${x.reason}（${zh}），退出限定 ${hex(x.qualification)}：处理器把客户机状态保存到 ${e.vmcs}（RIP ${hex(e.guestRip)}，即引起退出的指令），并载入宿主机状态，虚拟机监控器在根模式 0 环运行。原因：${exitCauseZh(x.cause)}。`,
      }
    }
    case 'guest.exec':
      return effect(e.effect)
    case 'cpu.trap':
      return {
        en: `The guest kernel runs at ring 1, so ${guestInstrText(e.instr)} faults (vector ${e.vector}) into the VMM at ring 0, which emulates it: trap-and-emulate.`,
        zh: `客户机内核运行在 1 环，所以 ${guestInstrZh(guestInstrText(e.instr))} 触发异常（向量 ${e.vector}）陷入 0 环的虚拟机监控器，由它模拟执行：陷入-模拟。`,
      }
    case 'cpu.picture':
      return e.picture === 'vt-x'
        ? {
            en: 'With VT-x the guest kernel keeps ring 0, in VMX non-root operation; the VMM runs in root operation.',
            zh: '使用 VT-x 时，客户机内核仍在 0 环，只是处于 VMX 非根模式；虚拟机监控器运行在根模式。',
          }
        : {
            en: 'Before VT-x the VMM takes ring 0 and deprivileges the guest kernel to ring 1; privileged instructions trap to the VMM.',
            zh: '在 VT-x 之前，虚拟机监控器占据 0 环，把客户机内核降到 1 环运行；特权指令会陷入虚拟机监控器。',
          }
    case 'vmx.bitmap':
      return {
        en: `The VMM ${e.on ? 'sets' : 'clears'} bit ${e.bit} of byte ${hex(e.byteAddr)} in the ${e.bitmap} bitmap of ${e.vmcs} (${hex(e.index)}), so that access ${e.on ? 'will' : 'will no longer'} cause a VM exit.`,
        zh: `虚拟机监控器${e.on ? '设置' : '清除'} ${e.vmcs} 的${BITMAP_ZH[e.bitmap]}中字节 ${hex(e.byteAddr)} 的第 ${e.bit} 位（${hex(e.index)}），使该访问${e.on ? '会' : '不再'}引起 VM 退出。`,
      }
    default:
      return exhaustive(e)
  }
}
