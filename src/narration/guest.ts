// What the guest kernel's instructions did, in English and Simplified Chinese (hw-facts-2 §1).
import type { Localized } from '../console/index.ts'
import {
  type CpuView,
  type GuestEvent,
  type InstrEvent,
  type PgClass,
  type Way,
  exhaustive,
  hex,
} from '../engine/index.ts'

const PG: Record<PgClass, Localized> = {
  privileged: { en: 'privileged', zh: '特权指令' },
  'control-sensitive': { en: 'control-sensitive, not privileged', zh: '控制敏感但非特权的指令' },
  'behaviour-sensitive': {
    en: 'behaviour-sensitive, not privileged',
    zh: '行为敏感但非特权的指令',
  },
  innocuous: { en: 'innocuous', zh: '无害指令' },
}

const WAY: Record<Way, Localized> = {
  native: { en: 'natively at ring 0 (no hypervisor)', zh: '在第 0 环原生运行（没有虚拟机监控器）' },
  trap: {
    en: 'deprivileged under trap-and-emulate: privileged instructions fault into the VMM, which runs them on the virtual CPU',
    zh: '降级运行，采用陷入并模拟：特权指令产生异常进入虚拟机监控器，由它在虚拟 CPU 上执行',
  },
  bt: {
    en: 'under binary translation: kernel code is translated into a translation cache, sensitive instructions become in-cache code or call-outs',
    zh: '采用二进制翻译：内核代码被翻译进翻译缓存，敏感指令变成缓存内代码或调出',
  },
  pv: {
    en: 'paravirtualized on Xen: the kernel calls the hypervisor through the hypercall page instead of using sensitive instructions',
    zh: '在 Xen 上半虚拟化运行：内核通过超级调用页调用虚拟机监控器，而不使用敏感指令',
  },
  'vt-x': {
    en: 'with VT-x: the kernel keeps ring 0 in VMX non-root operation and only what the VMCS controls name exits',
    zh: '使用 VT-x：内核在 VMX 非根模式下保留第 0 环，只有 VMCS 控制位指定的指令才退出',
  },
}

const cpuEn = (c: CpuView): string => `IF=${c.if}, IOPL=${c.iopl}, CPL=${c.cpl}`
const cpuZh = (c: CpuView): string => `IF=${c.if}、IOPL=${c.iopl}、CPL=${c.cpl}`

/** Real vs virtual CPU, said only when they differ (native and VT-x have one CPU). */
function cpus(e: { real: CpuView; virt: CpuView }): Localized {
  const same = e.real.if === e.virt.if && e.real.iopl === e.virt.iopl && e.real.cpl === e.virt.cpl
  if (same) return { en: ` CPU: ${cpuEn(e.real)}.`, zh: `CPU：${cpuZh(e.real)}。` }
  return {
    en: ` Real CPU: ${cpuEn(e.real)}; the guest’s virtual CPU: ${cpuEn(e.virt)}.`,
    zh: `真实 CPU：${cpuZh(e.real)}；客户机的虚拟 CPU：${cpuZh(e.virt)}。`,
  }
}

function divergedZh(items: readonly string[]): string {
  const out: string[] = []
  if (items.some((d) => d.startsWith('IF:')))
    out.push('客户机想改变 IF，CPU 忽略了它，虚拟机监控器也没有看到')
  if (items.some((d) => d.startsWith('IOPL:'))) out.push('IOPL 没有改变')
  if (items.some((d) => d.startsWith('memory')))
    out.push('写入内存的值与裸机不同（例如压栈的 CS 或 RFLAGS 暴露了真实的特权级）')
  if (items.some((d) => /^[er][a-z]{2}:/.test(d))) out.push('寄存器里的值与裸机不同')
  if (items.some((d) => d.startsWith('status'))) out.push('状态标志与裸机不同')
  return out.join('；')
}

function instr(e: InstrEvent): Localized {
  const head = {
    en: `Line ${e.line}: \`${e.text}\` (${PG[e.pg].en})`,
    zh: `第 ${e.line} 行：\`${e.text}\`（${PG[e.pg].zh}）`,
  }
  const vec =
    e.fault === null
      ? ''
      : `${e.fault.vector}${e.fault.code === null ? '' : `, error code ${hex(BigInt(e.fault.code))}`}`
  const vecZh =
    e.fault === null
      ? ''
      : `${e.fault.vector}${e.fault.code === null ? '' : `，错误码 ${hex(BigInt(e.fault.code))}`}`
  let body: Localized
  switch (e.outcome) {
    case 'ran':
      body =
        e.way === 'native'
          ? { en: ' runs at CPL 0 as on bare metal.', zh: '在 CPL 0 上运行，与裸机相同。' }
          : {
              en: ' runs directly on the CPU; the result is the same as on bare metal.',
              zh: '直接在 CPU 上运行，结果与裸机相同。',
            }
      break
    case 'emulated':
      body = {
        en: ` traps: #GP at CPL ${e.real.cpl} enters the VMM at ring 0, which decodes it, performs it on the virtual CPU and resumes the guest after it.`,
        zh: `陷入：在 CPL ${e.real.cpl} 上产生 #GP，进入第 0 环的虚拟机监控器；它解码这条指令，在虚拟 CPU 上执行，再让客户机从下一条继续。`,
      }
      break
    case 'reflected':
      body = {
        en: ` faults as it would on bare metal, so the VMM passes vector ${vec} into the guest’s own IDT.`,
        zh: `像在裸机上一样产生异常，虚拟机监控器把向量 ${vecZh} 转交给客户机自己的 IDT。`,
      }
      break
    case 'fault':
      body = {
        en: ` raises vector ${vec}, delivered through the guest’s IDT.`,
        zh: `产生向量 ${vecZh}，经客户机的 IDT 送达。`,
      }
      break
    case 'diverged':
      body = {
        en: ` does not trap at CPL ${e.real.cpl}: it runs and silently gives a different result than on bare metal (${e.diverged.join('; ')}). This is a virtualization hole: sensitive but not privileged.`,
        zh: `在 CPL ${e.real.cpl} 上不会陷入：它照常执行，却悄悄得到与裸机不同的结果（${divergedZh(e.diverged)}）。这就是虚拟化漏洞：敏感但非特权。`,
      }
      break
    case 'ident':
      body = {
        en: ' is copied unchanged (IDENT) into the translation cache and runs there at ring 1.',
        zh: '被原样（IDENT）复制进翻译缓存，在第 1 环运行。',
      }
      break
    case 'in-tc':
      body = {
        en: ` was translated into in-cache code on the virtual CPU (${(e.translation?.out ?? []).join('; ')}): no trap, no call-out.`,
        zh: `被翻译成作用于虚拟 CPU 的缓存内代码（\`${(e.translation?.out ?? []).join('; ')}\`）：既不陷入，也不调出。`,
      }
      break
    case 'callout':
      body = {
        en: ' was translated into a call-out: the translated code calls the VMM, which emulates it on the virtual CPU.',
        zh: '被翻译成调出：翻译后的代码调用虚拟机监控器，由它在虚拟 CPU 上模拟。',
      }
      break
    case 'translated':
      body = {
        en: ` is a control transfer: its translation jumps to the compiled fragment of the target (${(e.translation?.out ?? []).join('; ')}).`,
        zh: `是控制转移：它的翻译跳到目标处已编译的代码片段（\`${(e.translation?.out ?? []).join('; ')}\`）。`,
      }
      break
    case 'hypercall': {
      const h = e.hypercall
      body =
        h === null
          ? { en: ' is a hypercall.', zh: '是一次超级调用。' }
          : {
              en: ` is hypercall ${h.nr} (${h.name}): ${h.numberReg} = ${h.nr}, call hypercall_page + 32 × ${h.nr} = ${hex(h.stub)}, whose stub (${h.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}) enters Xen with ${h.trap}.${h.args.length > 0 ? ` Arguments: ${h.args.join(', ')}.` : ''}`,
              zh: `是 ${h.nr} 号超级调用（\`${h.name}\`）：${h.numberReg} = ${h.nr}，调用 \`hypercall_page\` + 32 × ${h.nr} = ${hex(h.stub)}，其中的桩代码（${h.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}）用 \`${h.trap}\` 进入 Xen。`,
            }
      break
    }
    case 'pv-inline':
      body = {
        en: ` is replaced in the PV kernel by ${e.note ?? 'inline code'}: a plain memory access, no trap.`,
        zh: `在半虚拟化内核中被替换为 \`${e.note ?? ''}\`：只是一次普通的内存访问，不会陷入。`,
      }
      break
    case 'exit': {
      const x = e.exit
      body =
        x === null
          ? { en: ' causes a VM exit.', zh: '导致一次 VM 退出。' }
          : {
              en: ` causes VM exit ${x.reason} (${x.name}, qualification ${hex(x.qualification)}): ${x.because}. The VMM handles it and resumes the guest.`,
              zh: `导致 VM 退出 ${x.reason}（\`${x.name}\`，退出限定 ${hex(x.qualification)}）：当前 VMCS 的控制位要求它退出。虚拟机监控器处理后让客户机继续。`,
            }
      break
    }
    default:
      return exhaustive(e.outcome)
  }
  const c = cpus(e)
  const halted = e.halted ? { en: ' The CPU is halted.', zh: 'CPU 已停机。' } : { en: '', zh: '' }
  return { en: head.en + body.en + c.en + halted.en, zh: head.zh + body.zh + c.zh + halted.zh }
}

function stopZh(why: string): string {
  const m = /vector (\d+) has no handler/.exec(why)
  if (m) return `向量 ${m[1]} 在客户机的 IDT 中没有处理程序（标签 \`isr_${m[1]}\`）`
  if (why.includes('ran past')) return '程序执行到最后一条指令之后仍没有遇到 HLT'
  if (why.includes('halted'))
    return 'CPU 已停机（HLT），没有待处理的中断：`irq N` 可以唤醒它，`way NAME` 重新开始'
  if (why.includes('control went to')) return '控制转到了程序之外的地址'
  if (why.includes('SYSCALL'))
    return '程序中没有 `IA32_LSTAR` 指向的处理程序（标签 `syscall_entry`）'
  return '客户机无法继续运行'
}

export function describeGuestEvent(e: GuestEvent): Localized {
  switch (e.kind) {
    case 'guest.program':
      return {
        en: `A new, empty ${e.bits}-bit guest-kernel program. Deprivileged, a ${e.bits}-bit kernel runs in ring ${e.bits === 32 ? 1 : 3}.`,
        zh: `新建一个空的 ${e.bits} 位客户机内核程序。被降级时，${e.bits} 位内核运行在第 ${e.bits === 32 ? 1 : 3} 环。`,
      }
    case 'guest.asm': {
      if (e.text === null)
        return {
          en: `Line ${e.line}: the label ${e.label ?? ''} names the next instruction.`,
          zh: `第 ${e.line} 行：标签 \`${e.label ?? ''}\` 命名下一条指令。`,
        }
      const rule: Localized =
        e.rule === 'gp'
          ? { en: 'at CPL > 0 it faults with #GP', zh: '在 CPL > 0 时产生 #GP 故障' }
          : e.rule === 'silent'
            ? {
                en: 'at CPL > 0 it runs with a silently different result',
                zh: '在 CPL > 0 时照常执行，但结果悄悄地不同',
              }
            : { en: 'it runs at any CPL', zh: '在任何 CPL 上都能执行' }
      return {
        en: `Line ${e.line}: \`${e.text}\`, ${e.length} bytes at ${hex(e.address)}. Popek and Goldberg: ${PG[e.pg ?? 'innocuous'].en}; ${rule.en}.`,
        zh: `第 ${e.line} 行：\`${e.text}\`，${e.length} 字节，位于 ${hex(e.address)}。按 Popek 与 Goldberg 的分类：${PG[e.pg ?? 'innocuous'].zh}；${rule.zh}。`,
      }
    }
    case 'guest.way':
      return {
        en: `The kernel now runs ${WAY[e.way].en}. It executes in ring ${e.ring}${e.umip ? '; CR4.UMIP = 1 makes SGDT, SIDT, SMSW and STR fault at CPL > 0' : ''}${e.vmcs === null ? '' : `; exits follow VMCS ${e.vmcs} (primary controls ${hex(e.controls?.cpu ?? 0n)})`}. It starts again at its first line.`,
        zh: `内核现在${WAY[e.way].zh}。它在第 ${e.ring} 环执行${e.umip ? '；CR4.UMIP = 1 使 SGDT、SIDT、SMSW 与 STR 在 CPL > 0 时产生异常' : ''}${e.vmcs === null ? '' : `；VM 退出由 VMCS \`${e.vmcs}\` 决定（主控制字 ${hex(e.controls?.cpu ?? 0n)}）`}。程序从第一行重新开始。`,
      }
    case 'guest.instr':
      return instr(e)
    case 'guest.translate': {
      const non = e.ccf.instrs.filter((t) => t.kind !== 'ident').length
      const why: Localized =
        e.reason === 'entry'
          ? { en: 'the first time control reaches it', zh: '控制第一次到达这里' }
          : e.reason === 'continuation'
            ? {
                en: 'a direct branch reached its continuation, which translates the target and patches the branch (chaining)',
                zh: '直接跳转到达其延续桩，它翻译目标并修补该跳转（链接）',
              }
            : {
                en: 'an indirect jump looked up the guest PC and missed',
                zh: '间接跳转按客户机 PC 查找缓存未命中',
              }
      return {
        en: `Binary translation (${why.en}): the unit from line ${e.ccf.start + 1}, ${e.ccf.instrs.length} instructions up to the first control transfer (at most 12), becomes a compiled code fragment at ${hex(e.ccf.tcAddr)}; ${non} of them are not IDENT.`,
        zh: `二进制翻译（${why.zh}）：从第 ${e.ccf.start + 1} 行开始、到第一个控制转移为止（最多 12 条）的 ${e.ccf.instrs.length} 条指令，成为位于 ${hex(e.ccf.tcAddr)} 的已编译代码片段；其中 ${non} 条不是 IDENT。`,
      }
    }
    case 'guest.interrupt': {
      const exitEn = e.exit === null ? '' : ` VM exit ${e.exit.reason} (${e.exit.name}) first.`
      const exitZh =
        e.exit === null ? '' : `先发生 VM 退出 ${e.exit.reason}（\`${e.exit.name}\`）。`
      const what: Localized =
        e.action === 'delivered'
          ? {
              en: `Interrupt ${e.vector} is delivered through the guest’s IDT (IF was 1).`,
              zh: `中断 ${e.vector} 经客户机的 IDT 送达（IF 为 1）。`,
            }
          : e.action === 'injected'
            ? {
                en: `The VMM injects interrupt ${e.vector} into the guest: its virtual IF is 1.`,
                zh: `虚拟机监控器把中断 ${e.vector} 注入客户机：它的虚拟 IF 为 1。`,
              }
            : {
                en: `Interrupt ${e.vector} waits: the guest’s IF is 0, so it is held until the guest sets IF = 1 (${e.queued} waiting).`,
                zh: `中断 ${e.vector} 等待：客户机的 IF 为 0，要等到客户机把 IF 设为 1 才送达（共 ${e.queued} 个在等待）。`,
              }
      const c = cpus(e)
      return { en: what.en + exitEn + c.en, zh: what.zh + exitZh + c.zh }
    }
    case 'guest.stop':
      return {
        en: `The guest stops${e.line === null ? '' : ` at line ${e.line}`}: ${e.why}.`,
        zh: `客户机停止${e.line === null ? '' : `于第 ${e.line} 行`}：${stopZh(e.why)}。`,
      }
    case 'guest.run': {
      const c = e.counts
      const end: Localized = e.limitHit
        ? {
            en: `the step limit ${e.limit} was hit: the program did not halt`,
            zh: `达到步数上限 ${e.limit}：程序没有停机`,
          }
        : e.halted
          ? { en: 'it halted', zh: '它已停机' }
          : { en: `it stopped (${e.stopped ?? ''})`, zh: `它停止了（${stopZh(e.stopped ?? '')}）` }
      return {
        en: `Ran ${e.executed} steps ${WAY[e.way].en.split(':')[0] ?? ''}; ${end.en}. ${c.instructions} instructions, ${c.traps} traps, ${c.exits} exits, ${c.translations} translations, ${c.callouts} call-outs, ${c.hypercalls} hypercalls, ${c.divergences} divergences; about ${c.cycles} cycles from cited figures (approximate).`,
        zh: `运行了 ${e.executed} 步；${end.zh}。${c.instructions} 条指令，${c.traps} 次陷入，${c.exits} 次 VM 退出，${c.translations} 次翻译，${c.callouts} 次调出，${c.hypercalls} 次超级调用，${c.divergences} 次结果偏离；按所引用数据约 ${c.cycles} 个周期（近似值）。`,
      }
    }
    case 'guest.compare': {
      const en = e.rows
        .map(
          (r) =>
            `${r.way}: ${r.counts.traps} traps, ${r.counts.exits} exits, ${r.counts.translations} translations, ${r.counts.callouts} call-outs, ${r.counts.hypercalls} hypercalls, ${r.counts.divergences} divergences, ≈${r.counts.cycles} cycles`,
        )
        .join('; ')
      const zh = e.rows
        .map(
          (r) =>
            `\`${r.way}\`：陷入 ${r.counts.traps}、退出 ${r.counts.exits}、翻译 ${r.counts.translations}、调出 ${r.counts.callouts}、超级调用 ${r.counts.hypercalls}、偏离 ${r.counts.divergences}、约 ${r.counts.cycles} 周期`,
        )
        .join('；')
      return {
        en: `The same program under every way. ${en}. Cycles are approximate (Adams and Agesen’s Pentium 4 figures, only where one exists).`,
        zh: `同一个程序在每种方式下运行。${zh}。周期数是近似值（Adams 与 Agesen 在 Pentium 4 上的数据，只用于有数据的事件）。`,
      }
    }
    default:
      return exhaustive(e)
  }
}
