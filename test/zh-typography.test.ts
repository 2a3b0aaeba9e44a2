// Chinese typography of every Chinese string the app can show (issue "Lecture-ready stage"):
// full-width punctuation in Chinese text, no spaces between Chinese characters, Latin terms
// spaced from Chinese ("使用 EPT"), and no English left except hardware names, code and numbers.
import { readFileSync, readdirSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { COMMANDS, runScript } from '../src/console/index.ts'
import { helpLines } from '../src/console/interactive.ts'
import { type CitationId, MODULES } from '../src/engine/index.ts'
import { zh } from '../src/i18n/zh.ts'
import { describeCitation } from '../src/narration/cite.ts'
import { describeEvent } from '../src/narration/index.ts'
import { VMX_REWRITES } from '../src/narration/vmx-zh.ts'
import { GRANT_REWRITES } from '../src/narration/xen-zh.ts'
import { rewrite } from '../src/narration/zh.ts'
import { loadCatalogueZh } from '../src/scenarios/catalogue.ts'
import { customScenario } from '../src/scenarios/custom.ts'
import { CATALOGUE, loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import { placeQuestions } from '../src/quiz/index.ts'
import { HAS_HAN, type Sample, problems } from './zhTypography.ts'

// --- Collect every Chinese string -------------------------------------------------------

const samples: Sample[] = []
const seen = new Set<string>()
/** Keeps a Chinese string (once); `always` keeps it even without a Chinese character. */
const add = (
  source: string,
  text: string,
  kind: Sample['kind'] = 'final',
  always = false,
): void => {
  if (!(always || HAS_HAN.test(text)) || seen.has(text)) return
  seen.add(text)
  samples.push({ source, text, kind })
}

// The UI table.
for (const [key, text] of Object.entries(zh)) add(`src/i18n/zh.ts '${key}'`, text, 'template', true)

// Titles, summaries (their Chinese is a lazy chunk, catalogue-zh.ts), phase narration.
await loadCatalogueZh()
for (const m of CATALOGUE) {
  add(`src/scenarios/catalogue-zh.ts '${m.id}' title`, m.title.zh, 'final', true)
  add(`src/scenarios/catalogue-zh.ts '${m.id}' summary`, m.summary.zh, 'final', true)
}
const custom = customScenario([])
add('src/scenarios/custom.ts title', custom.title.zh)
add('src/scenarios/custom.ts summary', custom.summary.zh)
const SCENARIOS = await loadAllScenarios()
for (const s of SCENARIOS)
  for (const p of s.phases) {
    add(`src/scenarios/${s.id}.ts phase '${p.id}'`, p.say.zh)
    add(`src/scenarios/${s.id}.ts phase '${p.id}' title`, p.title.zh)
  }
// Questions (issue 19): every generated prompt, option, answer and explanation.
for (const s of SCENARIOS) {
  const { source, phaseOf } = scenarioScript(s)
  const frames = runScript(source, { phaseOf }).trace.frames
  for (const q of placeQuestions(s.phases, frames)) {
    if (!q.generated.ok) continue
    const g = q.generated.value
    const at = `src/quiz question ${s.id} ${q.phaseId}:${q.question.step} (${q.question.kind})`
    add(`${at} prompt`, g.prompt.zh)
    add(`${at} answer`, g.answerText.zh)
    add(`${at} explanation`, g.explanation.zh)
    if (g.type === 'choice') for (const c of g.choices) add(`${at} option ${c.id}`, c.label.zh)
  }
}

// Console: command summaries and the help text.
for (const c of COMMANDS) add(`command '${c.words.join(' ')}' summary`, c.summary.zh)
// A row of the list is the command as typed (code), then its summary.
for (const line of helpLines('', 'zh'))
  add('src/console/interactive.ts help', line.replace(/^(\s+)(\S.*?)(\s{2,})/, '$1`$2`$3'))
// After 用法 and 例如 comes console input: code, like `backticked` text.
for (const word of new Set(COMMANDS.map((c) => c.words[0] ?? '')))
  for (const line of helpLines(word, 'zh'))
    add(
      `src/console/interactive.ts help ${word}`,
      line.replace(/^(\s*(?:用法|例如)\s*[:：]\s*)(.+)$/, '$1`$2`'),
    )

// Every event of every built-in scenario and golden script, narrated with its real numbers.
const narrate = (name: string, source: string): void => {
  runScript(source).trace.frames.forEach((f, i) => {
    add(`${name} step ${i + 1} (${f.event.kind})`, describeEvent(f.event).zh)
  })
}
for (const s of SCENARIOS) narrate(`scenario ${s.id}`, scenarioScript(s).source)
const GOLDEN = new URL('./golden/', import.meta.url)
for (const f of readdirSync(GOLDEN).filter((n) => n.endsWith('.vms')))
  narrate(`test/golden/${f}`, readFileSync(new URL(f, GOLDEN), 'utf8'))

// Source notes.
for (const id of MODULES.flatMap((m) => Object.keys(m.citations)) as CitationId[])
  add(`citation '${id}' (src/narration/cite.ts)`, describeCitation(id).zh, 'final', true)

// The engine's English reasons the narration quotes, through their Chinese rewrites.
const rewrites = [...VMX_REWRITES, ...GRANT_REWRITES]
for (const r of rewrites)
  add(`rewrite ${String(r.en)} of '${r.sample}'`, rewrite([r], r.sample), 'final', true)

// Every Chinese literal in the app's code, so branches no script reaches are read too.
const SRC = new URL('../src/', import.meta.url)
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter(
  (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith('test/'),
)
for (const f of files) {
  const path = new URL(f, SRC)
  const code = readFileSync(path, 'utf8')
  if (!HAS_HAN.test(code)) continue
  const sf = ts.createSourceFile(f, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const visit = (n: ts.Node): void => {
    let text: string | null = null
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text
    else if (ts.isTemplateExpression(n))
      text = n.head.text + n.templateSpans.map((sp) => '${…}' + sp.literal.text).join('')
    if (text !== null) {
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1
      add(`src/${f}:${line}`, text, 'literal')
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
}

describe('Chinese typography', () => {
  it('collects the Chinese strings from every place they live', () => {
    expect(samples.length).toBeGreaterThan(1000)
  })

  it('uses full-width punctuation, no stray spaces and no leftover English', () => {
    const report: string[] = []
    const flagged = new Set<string>()
    for (const s of samples) {
      const ps = problems(s)
      if (ps.length === 0) continue
      flagged.add(`${s.source}\u0000${s.text}`)
      report.push(`${s.source}\n    ${s.text}\n    - ${[...new Set(ps)].join('\n    - ')}`)
    }
    if (report.length > 0)
      console.log(`${flagged.size} Chinese strings break the rules:\n\n${report.join('\n\n')}`)
    expect(flagged.size, 'see the list printed above').toBe(0)
  })

  it('rewrites every engine message format it lists (each sample matches its own pattern)', () => {
    for (const r of rewrites) expect(r.en.test(r.sample), r.sample).toBe(true)
  })

  it('rejects what the issue saw and accepts what it asked for', () => {
    const bad = [
      '0x5000,它没有映射:PTE',
      '第 27 步,共 77 步',
      '退出原因 12:HLT',
      '1 in flight',
      '启动状态设为 clear',
      'VMX 根模式 的 0 环',
      '使用EPT',
      '触发 #GP(向量 13)',
      '（EPT )',
      '遍历 EPT:4 次访问',
      'EPTP 0x1000001e:4 级',
    ]
    for (const text of bad)
      expect(problems({ source: 'x', text: `中文${text}`, kind: 'final' }), text).not.toEqual([])
    const good = [
      '写入 0x5000，它没有映射：PTE 不存在。',
      '第 27 步，共 77 步',
      '退出原因 12：HLT',
      '使用 EPT（第 5:4 位、第 63:M 位）',
      'MAC 地址属于 Xen 的 00:16:3e 范围',
      '`mmu shadow` 下执行 `access VA`',
      '客户机 #GP(0)：非规范地址',
      'GUEST_RFLAGS 与 req_prod、CR4.PGE、VMfailValid、vCPU',
    ]
    for (const text of good)
      expect(problems({ source: 'x', text, kind: 'final' }), text).toEqual([])
  })
})
