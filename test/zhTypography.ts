// The rules of Chinese typography the app's strings follow (issue "Lecture-ready stage"),
// shared by test/zh-typography.test.ts (every string) and the panels' rendered-text check.

export interface Sample {
  /** Where the string comes from, so a failure says what to edit. */
  readonly source: string
  readonly text: string
  /**
   * 'final': exactly what is shown. 'template': an i18next template whose {{values}} are
   * unknown here. 'literal': a source-code literal whose ${...} parts are unknown.
   */
  readonly kind: 'final' | 'template' | 'literal'
}

// Chinese characters, and the full-width punctuation and quotes that belong to Chinese text.
export const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff'
const FW = '\\u3000-\\u303f\\uff01-\\uff60\\u2018\\u2019\\u201c\\u201d\\u2026'
const CJK = `${HAN}${FW}`
export const HAS_HAN = new RegExp(`[${HAN}]`)

/**
 * Words that may stay in Latin letters inside Chinese text although they are neither
 * ALL-CAPS nor identifiers: proper names, and Xen's and Linux's names for their own things
 * (the driver halves, the shared ring, the hypercalls), which the Chinese literature keeps.
 */
const ALLOWED_WORDS = new Set([
  // Key names as printed on keyboards.
  'Esc',
  'Intel',
  'Linux',
  'Xen',
  'Dom',
  'DomU',
  'blkfront',
  'blkback',
  'blkif',
  'netfront',
  'netback',
  'netif',
  'sring',
  'multicall',
  'upcall',
  'hw-facts',
  'xvda', // a Linux block device
  'Bhargava', // an author the sources cite
  // Authors and a processor the CPU-virtualization sources name (hw-facts-2 §1).
  'Popek',
  'Goldberg',
  'Robin',
  'Irvine',
  'Adams',
  'Agesen',
  'Tanenbaum',
  'Pentium',
  'Clark', // Clark et al., the live-migration paper
  'Waldspurger', // Waldspurger, the ESX memory-management paper
  'Quake', // Quake 3, the game server Clark et al. migrated
  'mod', // (2 − 4294967295) mod 2^32
  // Keys
  'Ctrl',
  'Tab',
  'Home',
  'End',
  'Delete',
  // Linux's and QEMU's names for their own virtio things, kept in Latin letters in Chinese.
  'virtio',
  'virtqueue',
  'vhost',
  'ioeventfd',
  'irqfd',
  'eventfd',
  'net', // virtio-net, vhost-net
])

// Code and values: `mmu shadow`, an i18next {{value}}, a ${...} in a source literal.
const CODE = /`[^`]*`|\{\{[^}]*\}\}|\$\{\u2026\}/g
// Latin notation that keeps its half-width brackets even inside Chinese text.
const MARK = '\u0000'
const NOHAN = `[^()\\[\\]${CJK}]`
const NOTATION = new RegExp(
  [
    `\\(${NOHAN}*, ${NOHAN}*\\]`, // a half-open interval: (old, new]
    `\\(${NOHAN}*(?:[−+×*&<>^]| = )${NOHAN}*\\)`, // arithmetic: (new − old), (4+1)
    `#[A-Z]{2}\\(${NOHAN}*\\)`, // an exception with its error code: #GP(0)
    '\\(\\)', // a call: mmu_update()
  ].join('|'),
  'g',
)

/** Text with code, values and notation cut out (each kept as one neutral mark). */
const stripCode = (text: string): string => text.replace(CODE, MARK).replace(NOTATION, MARK)

/** Every rule a string breaks, as short messages. */
export function problems(s: Sample): string[] {
  const out: string[] = []
  const t = stripCode(s.text)
  const isCjk = (c: string | undefined): boolean =>
    c !== undefined && new RegExp(`[${CJK}]`).test(c)
  const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_\]]/.test(c)

  // Rules 1-3 are about Chinese text; a Latin-only string (GFN(P2M), eth0, vif1.0) has none.
  const chinese = HAS_HAN.test(s.text)

  // 1. Half-width punctuation. Outside notation, ( ) , ; ? ! are always full-width in
  // Chinese text; ':' may stay only in 5:4, 63:M, d1:3, URLs; '.' not next to Chinese, nor
  // ending an English-style sentence.
  for (let i = 0; chinese && i < t.length; i++) {
    const c = t[i] ?? ''
    const prev = t[i - 1]
    const next = t[i + 1]
    const at = `'${t.slice(Math.max(0, i - 6), i + 7).replaceAll(MARK, '…')}'`
    if ('(),;?!'.includes(c)) {
      // A digit group such as 1,000 may keep its comma.
      if (!(c === ',' && /\d/.test(prev ?? '') && /^\d{3}/.test(t.slice(i + 1))))
        out.push(`half-width '${c}' in ${at}`)
    } else if (c === ':') {
      const rest = t.slice(i + 1)
      const notation =
        (isWordChar(prev) || (prev === MARK && /^\d/.test(rest))) &&
        (/^\d/.test(rest) || /^[A-Z](?![A-Za-z])/.test(rest) || rest.startsWith('//'))
      // After a word in capitals or a hex number it is a sentence's colon (EPT:4 次, 0x1e:4 级).
      const token = /[A-Za-z0-9]+$/.exec(t.slice(0, i))?.[0] ?? ''
      const sentence = /^[A-Z]{2,}$/.test(token) || /^0x[0-9a-f]+$/i.test(token)
      if (!notation || sentence || isCjk(prev) || isCjk(next)) out.push(`half-width ':' in ${at}`)
    } else if (c === '.') {
      if (
        isCjk(prev) ||
        isCjk(next) ||
        (/[A-Za-z]/.test(prev ?? '') && /^(\s|$)/.test(t.slice(i + 1)))
      )
        out.push(`half-width '.' in ${at}`)
    }
  }

  // 2. Spaces: none between Chinese characters, none between full-width punctuation and a
  // letter or digit (a separator such as · may keep its spaces).
  if (chinese)
    for (const m of t.matchAll(
      new RegExp(`[${CJK}] +[${CJK}]|[${FW}] +[\\p{L}\\p{N}]|[\\p{L}\\p{N}] +[${FW}]`, 'gu'),
    ))
      out.push(`stray space in '${m[0]}'`)

  // 3. Latin spaced from Chinese: "使用 EPT", "第 27 步" (only where the whole text is known).
  if (s.kind === 'final')
    for (const m of t.matchAll(new RegExp(`[${HAN}][A-Za-z0-9]|[A-Za-z0-9][${HAN}]`, 'g')))
      out.push(`no space between Chinese and Latin in '${m[0]}'`)

  // 4. English words: a lowercase or Capitalized word of 3+ letters. Not words: a token with
  // a digit, _, . or / (code, numbers, paths: req_prod, CR4.PGE, vcpu0, 0x5000); ALL-CAPS and
  // mixed case (hardware names: GUEST_RFLAGS, VMfailValid, vCPU); a name in ALLOWED_WORDS;
  // a variable in a formula (next to = + − × & < >: done = 3, idx & 7).
  for (const m of t.matchAll(/[A-Za-z0-9_./\\#§'’-]+/g)) {
    const token = m[0].replace(/[.'’-]+$/, '').replace(/^[#§'’-]+/, '')
    if (token === '' || /[0-9_./\\]/.test(token) || ALLOWED_WORDS.has(token)) continue
    const end = m.index + m[0].length
    if (/[=+−×&<>≤≥]\s?$/.test(t.slice(0, m.index)) || /^\s?[=+−×&<>≤≥]/.test(t.slice(end)))
      continue
    for (const part of token.split('-')) {
      if (part === '' || ALLOWED_WORDS.has(part)) continue
      if (/^[A-Z]+$/.test(part)) continue // ALL-CAPS
      if (/^[r-][w-][x-]$/.test(part)) continue // permissions: rwx, r-x
      if (/^[A-Za-z][a-z]*[A-Z]/.test(part)) continue // mixed case
      if (/^[A-Za-z][a-z]{2,}$/.test(part)) out.push(`English word '${part}'`)
    }
  }
  return out
}
