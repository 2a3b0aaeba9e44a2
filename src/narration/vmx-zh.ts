// The VT-x model's English names and reasons, in Chinese: exit reasons and VM-instruction
// errors (SDM3 App. C, SDM3 §31.4) for the narration and the VMCS and CPU-mode panels, and
// the reasons the model gives for a VMfail, an exit or a failed entry (engine/vmx,
// engine/cpu/exits.ts), which the narration quotes.
import { type BitmapName, EXIT_REASON_DESCRIPTIONS } from '../engine/index.ts'
import { type Rewrite, rewrite } from './zh.ts'

/** Exit reasons whose English description is more than an instruction name. */
const EXIT_REASON_ZH: Readonly<Record<number, string>> = {
  0: '异常或 NMI',
  1: '外部中断',
  2: '三重故障',
  3: 'INIT 信号',
  4: '启动 IPI（SIPI）',
  5: 'I/O SMI',
  6: '其他 SMI',
  7: '中断窗口',
  8: 'NMI 窗口',
  9: '任务切换',
  28: '控制寄存器访问（CLTS、LMSW、MOV CR）',
  30: 'I/O 指令',
  33: 'VM 进入失败：客户机状态无效',
  34: 'VM 进入失败：加载 MSR',
  37: '监视陷阱标志（MTF）',
  41: 'VM 进入失败：机器检查',
  43: 'TPR 低于阈值',
  44: 'APIC 访问',
  45: '虚拟化 EOI',
  46: '访问 GDTR/IDTR',
  47: '访问 LDTR/TR',
  48: 'EPT 违例',
  49: 'EPT 配置错误',
  52: 'VMX 抢占定时器到期',
  54: 'WBINVD/WBNOINVD',
  56: 'APIC 写',
  62: '页修改日志已满',
  66: 'SPP 相关事件',
  72: 'ENQCMD PASID 转换失败',
  73: 'ENQCMDS PASID 转换失败',
  74: '总线锁',
  75: '通知（指令超时）',
}

/** The description of a basic exit reason in Chinese. */
export const exitReasonZh = (reason: number): string =>
  EXIT_REASON_ZH[reason] ?? EXIT_REASON_DESCRIPTIONS[reason] ?? `原因 ${reason}`

/** VM-instruction error numbers (field 0x4400), as engine/vmx/vmInstructionErrors.ts lists them. */
export const VM_INSTRUCTION_ERROR_ZH: Readonly<Record<number, string>> = {
  1: '在 VMX 根模式下执行 VMCALL',
  2: 'VMCLEAR 的物理地址无效',
  3: 'VMCLEAR 的操作数是 VMXON 指针',
  4: '对非清除状态的 VMCS 执行 VMLAUNCH',
  5: '对未启动的 VMCS 执行 VMRESUME',
  6: 'VMXOFF 之后执行 VMRESUME',
  7: 'VM 进入时控制字段无效',
  8: 'VM 进入时宿主机状态字段无效',
  9: 'VMPTRLD 的物理地址无效',
  10: 'VMPTRLD 的操作数是 VMXON 指针',
  11: 'VMPTRLD 的 VMCS 修订标识符不正确',
  12: 'VMREAD/VMWRITE 访问了不支持的 VMCS 字段',
  13: 'VMWRITE 写只读的 VMCS 字段',
  15: '在 VMX 根模式下执行 VMXON',
  16: 'VM 进入时执行 VMCS 指针无效',
  17: 'VM 进入时执行 VMCS 未启动',
  18: 'VM 进入时执行 VMCS 指针不是 VMXON 指针',
  19: '对非清除状态的 VMCS 执行 VMCALL',
  20: 'VMCALL 时 VM 退出控制字段无效',
  22: 'VMCALL 时 MSEG 修订标识符不正确',
  23: '在 SMI 与 SMM 的双监控器处理下执行 VMXOFF',
  24: 'VMCALL 时 SMM 监控器特性无效',
  25: 'VM 进入时执行 VMCS 中的 VM 执行控制字段无效',
  26: 'VM 进入时事件被 MOV SS 阻塞',
  28: 'INVEPT/INVVPID 的操作数无效',
}

/** The bitmap a `bitmap` command edits. */
export const BITMAP_ZH: Readonly<Record<BitmapName, string>> = {
  'io-a': 'I/O 位图 A',
  'io-b': 'I/O 位图 B',
  'msr-read-low': 'MSR 读位图（低区）',
  'msr-read-high': 'MSR 读位图（高区）',
  'msr-write-low': 'MSR 写位图（低区）',
  'msr-write-high': 'MSR 写位图（高区）',
}

const RW: Readonly<Record<string, string>> = { read: '读', write: '写', high: '高', low: '低' }

/** A guest instruction as the console writes it (guestInstrText), in Chinese. */
const INSTRUCTIONS: readonly Rewrite[] = [
  { en: /^out (\S+) (\S+)$/, zh: 'OUT（向端口 $1 写入 $2）', sample: 'out 0x3f8 0x41' },
  { en: /^in (\S+)$/, zh: 'IN（读端口 $1）', sample: 'in 0x60' },
  { en: /^mov cr3 (\S+)$/, zh: 'MOV 到 CR3（$1）', sample: 'mov cr3 0x5000' },
  { en: /^mov cr(0|4|8) (\S+)$/, zh: 'MOV 到 CR$1（$2）', sample: 'mov cr0 0x80000031' },
  {
    en: /^mov (\w+) cr3$/,
    zh: (m) => `MOV 从 CR3 读到 ${(m[1] ?? '').toUpperCase()}`,
    sample: 'mov rbx cr3',
  },
  { en: /^lmsw (\S+)( memory)?$/, zh: 'LMSW（源操作数 $1）', sample: 'lmsw 0x1 memory' },
  {
    en: /^(rep )?(ins|outs) (\S+)$/,
    zh: (m) => `${m[1] ? 'REP ' : ''}${(m[2] ?? '').toUpperCase()}（端口 ${m[3] ?? ''}）`,
    sample: 'rep outs 0x3f8',
  },
  { en: /^rdmsr (\S+)$/, zh: 'RDMSR $1', sample: 'rdmsr 0xc0000080' },
  { en: /^wrmsr (\S+) (\S+)$/, zh: 'WRMSR $1（写入 $2）', sample: 'wrmsr 0xc0000080 0x500' },
  { en: /^invlpg (\S+)$/, zh: 'INVLPG $1', sample: 'invlpg 0x7000' },
  { en: /^interrupt (\d+)$/, zh: '外部中断（向量 $1）', sample: 'interrupt 32' },
  { en: /^([a-z]+)$/, zh: (m) => (m[1] ?? '').toUpperCase(), sample: 'cpuid' },
]

/** Why an instruction failed, an exit happened or an entry failed, as the model says it. */
const REASONS: readonly Rewrite[] = [
  // Exits another module raised while the VT-x guest ran (engine/virt/vtx.ts).
  { en: /^EPT violation$/, zh: 'EPT 违例', sample: 'EPT violation' },
  { en: /^EPT misconfiguration$/, zh: 'EPT 配置错误', sample: 'EPT misconfiguration' },
  {
    en: /^the shadow page walk raised #PF \(exception bitmap bit 14\)$/,
    zh: '影子页表遍历产生了 #PF（异常位图第 14 位）',
    sample: 'the shadow page walk raised #PF (exception bitmap bit 14)',
  },
  {
    en: /^a store into a write-protected guest page table$/,
    zh: '写入了受写保护的客户机页表',
    sample: 'a store into a write-protected guest page table',
  },
  {
    en: /^(MOV to CR3|INVLPG) under shadow paging$/,
    zh: (m) => `影子页表下的 ${m[1] === 'INVLPG' ? 'INVLPG' : 'MOV 到 CR3'}`,
    sample: 'MOV to CR3 under shadow paging',
  },
  {
    en: /^a write to CR0, CR4 or EFER under shadow paging$/,
    zh: '影子页表下写 CR0、CR4 或 EFER',
    sample: 'a write to CR0, CR4 or EFER under shadow paging',
  },
  // Exits (engine/cpu/exits.ts).
  {
    en: /^(CPUID|VMCALL) always exits in VMX non-root operation$/,
    zh: '$1 在 VMX 非根模式下总会引起 VM 退出',
    sample: 'CPUID always exits in VMX non-root operation',
  },
  {
    en: /^(HLT|INVLPG) exiting \(primary bit (\d+)\) is on$/,
    zh: '“$1 退出”（主控制第 $2 位）已打开',
    sample: 'HLT exiting (primary bit 7) is on',
  },
  {
    en: /^CR3-load exiting \(primary bit (\d+)\) is on and the CR3-target count is 0$/,
    zh: '“CR3 加载退出”（主控制第 $1 位）已打开，且 CR3 目标值的个数为 0',
    sample: 'CR3-load exiting (primary bit 15) is on and the CR3-target count is 0',
  },
  {
    en: /^CR3-load exiting is on and the value matches none of the CR3-target values$/,
    zh: '“CR3 加载退出”已打开，且该值不是任何一个 CR3 目标值',
    sample: 'CR3-load exiting is on and the value matches none of the CR3-target values',
  },
  {
    en: /^CR(3-store|8-load) exiting \(primary bit (\d+)\) is on$/,
    zh: (m) =>
      `“CR${m[1] === '3-store' ? '3 存储' : '8 加载'}退出”（主控制第 ${m[2] ?? ''} 位）已打开`,
    sample: 'CR3-store exiting (primary bit 16) is on',
  },
  {
    en: /^bits (\S+) are set in the (CR[04]) guest\/host mask and the new value differs from the CR[04] read shadow there$/,
    zh: '$2 客户机/主机掩码中设置了位 $1，而新值在这些位上与 $2 读影子不同',
    sample:
      'bits 0x1 are set in the CR0 guest/host mask and the new value differs from the CR0 read shadow there',
  },
  {
    en: /^CR0\.TS \(bit 3\) is set in both the CR0 guest\/host mask and the CR0 read shadow$/,
    zh: 'CR0 客户机/主机掩码和 CR0 读影子都设置了 CR0.TS（第 3 位）',
    sample: 'CR0.TS (bit 3) is set in both the CR0 guest/host mask and the CR0 read shadow',
  },
  {
    en: /^the source differs from the CR0 read shadow in a bit of 3:0 the CR0 guest\/host mask owns$/,
    zh: '源操作数在 CR0 客户机/主机掩码拥有的第 3:0 位中某一位上与 CR0 读影子不同',
    sample:
      'the source differs from the CR0 read shadow in a bit of 3:0 the CR0 guest/host mask owns',
  },
  {
    en: /^the access wraps around the 16-bit port space$/,
    zh: '这次访问越过了 16 位端口空间的末尾',
    sample: 'the access wraps around the 16-bit port space',
  },
  {
    en: /^bit (\d+) of I\/O bitmap ([AB]) is set for port (\d+)$/,
    zh: '端口 $3 在 I/O 位图 $2 中对应的第 $1 位已置位',
    sample: 'bit 1016 of I/O bitmap A is set for port 1016',
  },
  {
    en: /^unconditional I\/O exiting is on$/,
    zh: '“无条件 I/O 退出”已打开',
    sample: 'unconditional I/O exiting is on',
  },
  {
    en: /^MSR bitmaps are not in use$/,
    zh: '没有使用 MSR 位图',
    sample: 'MSR bitmaps are not in use',
  },
  {
    en: /^the MSR is outside both bitmap ranges$/,
    zh: '该 MSR 不在位图覆盖的两个范围内',
    sample: 'the MSR is outside both bitmap ranges',
  },
  {
    en: /^its bit in the (read|write)-(low|high) bitmap is set$/,
    zh: (m) => `它在 MSR ${RW[m[1] ?? ''] ?? ''}位图（${RW[m[2] ?? ''] ?? ''}区）中对应的位已置位`,
    sample: 'its bit in the write-high bitmap is set',
  },
  {
    en: /^external-interrupt exiting \(pin bit 0\) is on$/,
    zh: '“外部中断退出”（引脚控制第 0 位）已打开',
    sample: 'external-interrupt exiting (pin bit 0) is on',
  },
  // VMfail (engine/vmx/instructions.ts, transitions.ts).
  {
    en: /^(VMXON) executed in VMX root operation$/,
    zh: '在 VMX 根模式下执行了 $1',
    sample: 'VMXON executed in VMX root operation',
  },
  {
    en: /^VMXON pointer (\S+) is not 4 KiB aligned or exceeds the physical-address width$/,
    zh: 'VMXON 指针 $1 没有按 4 KiB 对齐，或超出了物理地址宽度',
    sample: 'VMXON pointer 0x1234 is not 4 KiB aligned or exceeds the physical-address width',
  },
  {
    en: /^(\S+) is not 4 KiB aligned or exceeds the physical-address width$/,
    zh: '$1 没有按 4 KiB 对齐，或超出了物理地址宽度',
    sample: '0x1234 is not 4 KiB aligned or exceeds the physical-address width',
  },
  {
    en: /^the (VMXON )?region's revision identifier (\S+) differs from the processor's (\S+)$/,
    zh: (m) =>
      `${m[1] ? 'VMXON ' : '该'}区域的修订标识符 ${m[2] ?? ''} 与处理器的 ${m[3] ?? ''} 不同`,
    sample: "the VMXON region's revision identifier 0x2 differs from the processor's 0x1",
  },
  {
    en: /^(\S+) is the VMXON region$/,
    zh: '$1 是 VMXON 区域',
    sample: '0x100000 is the VMXON region',
  },
  { en: /^there is no current VMCS$/, zh: '没有当前 VMCS', sample: 'there is no current VMCS' },
  {
    en: /^encoding (\S+) is not a VMCS field of this processor$/,
    zh: '编码 $1 不是这颗处理器的 VMCS 字段',
    sample: 'encoding 0x1234 is not a VMCS field of this processor',
  },
  {
    en: /^(\S+) \((\S+)\) is a read-only VM-exit information field$/,
    zh: '$1（$2）是只读的 VM 退出信息字段',
    sample: 'VM_EXIT_REASON (0x4402) is a read-only VM-exit information field',
  },
  {
    en: /^(\S+) is already launched: use VMRESUME, or VMCLEAR it first$/,
    zh: '$1 已处于“已启动”状态：应该用 VMRESUME，或者先对它执行 VMCLEAR',
    sample: 'vcpu0 is already launched: use VMRESUME, or VMCLEAR it first',
  },
  {
    en: /^(\S+) is clear: it must be entered with VMLAUNCH first$/,
    zh: '$1 处于“清除”状态：必须先用 VMLAUNCH 进入',
    sample: 'vcpu0 is clear: it must be entered with VMLAUNCH first',
  },
  {
    en: /^enable VPID is 1 but VIRTUAL_PROCESSOR_ID is 0$/,
    zh: '“启用 VPID”为 1，但 VIRTUAL_PROCESSOR_ID 为 0',
    sample: 'enable VPID is 1 but VIRTUAL_PROCESSOR_ID is 0',
  },
  {
    en: /^CR3_TARGET_COUNT is (\d+), more than 4$/,
    zh: 'CR3_TARGET_COUNT 为 $1，超过了 4',
    sample: 'CR3_TARGET_COUNT is 5, more than 4',
  },
  {
    en: /^(\S+) has RPL or TI set \(bits 2:0 must be 0\)$/,
    zh: '$1 的 RPL 或 TI 不为 0（第 2:0 位必须为 0）',
    sample: 'HOST_SS_SELECTOR has RPL or TI set (bits 2:0 must be 0)',
  },
  { en: /^(HOST_\w+_SELECTOR) is 0$/, zh: '$1 为 0', sample: 'HOST_CS_SELECTOR is 0' },
  {
    en: /^the host is 64-bit but "host address-space size" \(VM_EXIT_CONTROLS bit 9\) is 0$/,
    zh: '宿主机是 64 位的，但“宿主机地址空间大小”（VM_EXIT_CONTROLS 第 9 位）为 0',
    sample: 'the host is 64-bit but "host address-space size" (VM_EXIT_CONTROLS bit 9) is 0',
  },
  {
    en: /^VMCALL in VMX root operation \(no dual-monitor treatment\)$/,
    zh: '在 VMX 根模式下执行 VMCALL（没有启用双监控器处理）',
    sample: 'VMCALL in VMX root operation (no dual-monitor treatment)',
  },
  {
    en: /^INVEPT type (\S+) is not supported \(1 single-context, 2 global\)$/,
    zh: '不支持 INVEPT 类型 $1（1 为单上下文，2 为全局）',
    sample: 'INVEPT type 3 is not supported (1 single-context, 2 global)',
  },
  {
    en: /^INVEPT type 1 with an EPTP VM entry would refuse: memory type (\d+) \(bits 2:0 must be 0 UC or 6 WB\)$/,
    zh: 'INVEPT 类型 1 给出的 EPTP 会被 VM 进入拒绝：内存类型 $1（第 2:0 位必须是 0 UC 或 6 WB）',
    sample:
      'INVEPT type 1 with an EPTP VM entry would refuse: memory type 5 (bits 2:0 must be 0 UC or 6 WB)',
  },
  {
    en: /^INVEPT type 1 with an EPTP VM entry would refuse: page-walk length (\d+) \(bits 5:3 must say 4 or 5 levels\)$/,
    zh: 'INVEPT 类型 1 给出的 EPTP 会被 VM 进入拒绝：页遍历长度 $1（第 5:3 位必须表示 4 级或 5 级）',
    sample:
      'INVEPT type 1 with an EPTP VM entry would refuse: page-walk length 1 (bits 5:3 must say 4 or 5 levels)',
  },
  {
    en: /^INVEPT type 1 with an EPTP VM entry would refuse: bits (\d+:\d+) are reserved$/,
    zh: 'INVEPT 类型 1 给出的 EPTP 会被 VM 进入拒绝：第 $1 位是保留位',
    sample: 'INVEPT type 1 with an EPTP VM entry would refuse: bits 11:7 are reserved',
  },
  {
    en: /^INVVPID type (\S+) is not supported \(0-3\)$/,
    zh: '不支持 INVVPID 类型 $1（只有 0-3）',
    sample: 'INVVPID type 4 is not supported (0-3)',
  },
  {
    en: /^descriptor bits 63:16 are reserved and must be 0 \(VPID is 16 bits\)$/,
    zh: '描述符第 63:16 位是保留位，必须为 0（VPID 只有 16 位）',
    sample: 'descriptor bits 63:16 are reserved and must be 0 (VPID is 16 bits)',
  },
  {
    en: /^INVVPID type (\S+) with VPID 0 \(the host's\)$/,
    zh: 'INVVPID 类型 $1 不能用于 VPID 0（宿主机的 VPID）',
    sample: "INVVPID type 1 with VPID 0 (the host's)",
  },
  {
    en: /^linear address (\S+) is not canonical$/,
    zh: '线性地址 $1 不是规范地址',
    sample: 'linear address 0x800000000000 is not canonical',
  },
  // Failed entries (transitions.ts, checkGuestState).
  {
    en: /^GUEST_ACTIVITY_STATE (\S+) is not 0-3$/,
    zh: 'GUEST_ACTIVITY_STATE 为 $1，不在 0-3 之中',
    sample: 'GUEST_ACTIVITY_STATE 4 is not 0-3',
  },
  {
    en: /^VMCS_LINK_POINTER is (\S+), not FFFFFFFF_FFFFFFFFH and not a valid VMCS$/,
    zh: 'VMCS_LINK_POINTER 为 $1，既不是 FFFFFFFF_FFFFFFFFH，也不是有效的 VMCS',
    sample: 'VMCS_LINK_POINTER is 0x0, not FFFFFFFF_FFFFFFFFH and not a valid VMCS',
  },
]

/** Every rewrite here, for the typography test (each has a sample of what it rewrites). */
export const VMX_REWRITES: readonly Rewrite[] = [...INSTRUCTIONS, ...REASONS]

/** A reason the VT-x model gives (VMfail, entry failure), in Chinese. */
export const vmxReasonZh = (en: string): string => rewrite(REASONS, en)

/** A guest instruction in console words (`mov cr3 0x5000`), in Chinese. */
export const guestInstrZh = (en: string): string => rewrite(INSTRUCTIONS, en)

/** The cause an exit records: `INSTRUCTION: reason`, or an instruction alone. */
export function exitCauseZh(en: string): string {
  const i = en.indexOf(': ')
  if (i < 0) return rewrite([...INSTRUCTIONS, ...REASONS], en)
  return `${guestInstrZh(en.slice(0, i))}：${vmxReasonZh(en.slice(i + 2))}`
}
