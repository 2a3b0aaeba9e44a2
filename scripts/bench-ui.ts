// Rerunnable UI latency figures (not a test): how long a step takes to reach the screen, from
// the keydown of ArrowRight to the next paint, for every scenario, beside the same keypress on a
// bare React counter page (bench/bare) as the floor. Issue "Every step within one frame".
//
// Run: npm run bench:ui [-- --scenario ID ...] [--presses N] [--loads N] [--no-build] [--app DIR] [--verbose]
// (--loads N: fresh loads of the home page and the bare page for first contentful paint; 0 skips.)
// (--app DIR: bench an app built elsewhere, e.g. an older commit for a before/after sitting.)
// (--before DIR: also bench the app built in DIR (an older commit), interleaved with this one:
//  per scenario the older app, then this one, each press followed by one on the bare page, and
//  the first-paint loads alternate older / this / bare; a before/after table of ratios ends it.)
//
// It builds the app (vite.config.ts, into dist-bench/app so dist/ is left alone) and the bare
// page (bench/bare/vite.config.ts, into dist-bench/bare), serves both folders from a static
// node:http server on loopback, and drives Debian's Chromium with Playwright. For each scenario
// it opens #/<id>/1 in a fresh browser context, waits for step 1 with its panels drawn and the
// idle prefetch done, then presses ArrowRight N times, each press on the app followed by one on
// the bare page. After the last step it presses Home (not measured) and goes on.
//
// How a press is measured, in the page (PROBE below):
// - latency: a capturing keydown listener on window, the first to see the event, asks for a
//   requestAnimationFrame; that callback posts a MessageChannel message, which runs after the
//   frame's style, layout and paint. Latency = the message's performance.now() minus the
//   event's timeStamp (when the input arrived), so it holds the input delay, the handler, React's
//   render and commit, the wait for the frame and the frame's own work. It is the main-thread
//   end of the Event Timing `duration` (INP): that ends at presentation, later by the
//   compositor's share.
// - Event Timing itself is also recorded, but Chromium reports keydown entries only at 16 ms
//   or more (the lowest durationThreshold) and rounds `duration` to 8 ms, so it cannot give a
//   median of its own for fast presses: the table shows how many presses it reported (ET n),
//   their median counting the unreported as under 16 ms, and the worst.
// - main-thread work: "script" = from the capturing listener to a keydown listener that the
//   probe adds to window for the bubble phase during capture, so it runs after the app's own
//   window listener and the microtask in which React renders and commits (input delay not
//   included); "frame" = from the rAF callback to the message after paint (rAF callbacks,
//   style, layout, paint). Long tasks (>= 50 ms, PerformanceLongTaskTiming) are counted too.
// - between presses the page must be quiet: no animation-frame callback of the page's own for
//   100 ms (d3 transitions run on requestAnimationFrame, which the probe wraps to watch) and no
//   finite CSS/Web animation running, at most 3 s. So every press starts from a settled page,
//   as a lecturer's click does, and a transition never bleeds into the next figure.
// - per panel: the stage makes performance.measure() entries for every panel render, in the
//   production build too (src/components/Player/panelTiming.ts): `vmscope:panel:<id>:render`
//   (the panel's subtree rendering) and `…:effects` (its effects, where the d3 views draw);
//   `vmscope:player:render` / `:effects` the same for the whole player, panels included.
//   They are summed per press; the per-panel table gives how many presses re-rendered each
//   panel (a panel whose picture a step leaves unchanged is skipped) and their medians. The
//   by-panel latency table groups the scenarios' figures by the panels each scenario shows.
import { execFileSync } from 'node:child_process'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Browser, type Page } from 'playwright'
import { build } from 'vite'
import { CATALOGUE } from '../src/scenarios/catalogue.ts'
import type { ScenarioMeta } from '../src/scenarios/types.ts'

const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const FRAME_MS = 1000 / 60
const WARMUP = 3

const { values: opts } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    presses: { type: 'string', default: '40' },
    loads: { type: 'string', default: '15' },
    'no-build': { type: 'boolean', default: false },
    app: { type: 'string' },
    before: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
})
const presses = Number(opts.presses)
const loads = Number(opts.loads)
if (!Number.isInteger(loads) || loads < 0) {
  console.error(`bench:ui: --loads wants a whole number, not ${opts.loads}`)
  process.exit(2)
}
if (!Number.isInteger(presses) || presses < 1) {
  console.error(`bench:ui: --presses wants a whole number above 0, not ${opts.presses}`)
  process.exit(2)
}
const wanted = (opts.scenario ?? []).flatMap((s) => s.split(','))
const unknown = wanted.filter((id) => !CATALOGUE.some((s) => s.id === id))
if (unknown.length > 0) {
  console.error(`bench:ui: no scenario ${unknown.join(', ')} in src/scenarios/catalogue.ts`)
  process.exit(2)
}
const scenarios = wanted.length ? CATALOGUE.filter((s) => wanted.includes(s.id)) : CATALOGUE

// ---------------------------------------------------------------------------------------------
// In the page

/** One measured keydown, times in ms on the page's performance.now() clock. */
interface StepRecord {
  /** event.timeStamp: when the input arrived. */
  readonly t0: number
  /** The capturing listener starts (t0 + input delay). */
  readonly tListen: number
  /** After the app's keydown listener and React's render in the microtask after it. */
  tScript: number
  /** The first animation-frame callback after the keydown. */
  tRaf: number
  /** The message posted from that callback: after the frame's style, layout and paint. */
  tPaint: number
}

interface EventEntry {
  readonly startTime: number
  readonly duration: number
  readonly processingStart: number
  readonly processingEnd: number
}

interface Probe {
  readonly steps: StepRecord[]
  readonly events: EventEntry[]
  readonly longTasks: { readonly startTime: number; readonly duration: number }[]
  readonly measures: {
    readonly name: string
    readonly startTime: number
    readonly duration: number
  }[]
  /** performance.now() of the page's own latest animation-frame callback. */
  lastRaf: number
  /** The page's own animation-frame requests not yet run or cancelled. */
  readonly pendingRaf: Set<number>
}

declare global {
  interface Window {
    __bench?: Probe
  }
}

/** Installed before any page script (addInitScript): it runs in the browser, self-contained. */
function PROBE(): void {
  const probe: Probe = {
    steps: [],
    events: [],
    longTasks: [],
    measures: [],
    lastRaf: 0,
    pendingRaf: new Set(),
  }
  window.__bench = probe
  const raf = window.requestAnimationFrame.bind(window)
  const caf = window.cancelAnimationFrame.bind(window)
  window.requestAnimationFrame = (cb) => {
    const id = raf((t) => {
      probe.pendingRaf.delete(id)
      probe.lastRaf = performance.now()
      cb(t)
    })
    probe.pendingRaf.add(id)
    return id
  }
  window.cancelAnimationFrame = (id) => {
    probe.pendingRaf.delete(id)
    caf(id)
  }
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'ArrowRight' || e.repeat) return
      const rec: StepRecord = {
        t0: e.timeStamp,
        tListen: performance.now(),
        tScript: NaN,
        tRaf: NaN,
        tPaint: NaN,
      }
      // Added during the capture phase, so it is in window's list for the bubble phase, after
      // the app's own window listener (React renders a discrete update in a microtask after it).
      window.addEventListener(
        'keydown',
        () => {
          rec.tScript = performance.now()
        },
        { once: true },
      )
      raf(() => {
        rec.tRaf = performance.now()
        const ch = new MessageChannel()
        ch.port1.onmessage = () => {
          rec.tPaint = performance.now()
          ch.port1.close()
        }
        ch.port2.postMessage(0)
      })
      probe.steps.push(rec)
    },
    { capture: true },
  )
  const observe = (type: string, f: (e: PerformanceEntry) => void, extra: object = {}): void => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(f)).observe({
        type,
        buffered: true,
        ...extra,
      })
    } catch {
      // Entry type not supported: that column stays empty.
    }
  }
  observe(
    'event',
    (e) => {
      const et = e as PerformanceEventTiming
      if (et.name !== 'keydown') return
      probe.events.push({
        startTime: et.startTime,
        duration: et.duration,
        processingStart: et.processingStart,
        processingEnd: et.processingEnd,
      })
    },
    { durationThreshold: 16 },
  )
  observe('longtask', (e) => probe.longTasks.push({ startTime: e.startTime, duration: e.duration }))
  observe('measure', (e) =>
    probe.measures.push({ name: e.name, startTime: e.startTime, duration: e.duration }),
  )
}

/** Resolves once the page has had no animation work of its own for `quietMs` (at most 3 s). */
function settle(quietMs: number): Promise<number> {
  const probe = window.__bench
  const start = performance.now()
  const busy = (): boolean =>
    !probe ||
    probe.pendingRaf.size > 0 ||
    performance.now() - probe.lastRaf < quietMs ||
    document
      .getAnimations()
      .some(
        (a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity,
      ) ||
    probe.steps.some((s) => Number.isNaN(s.tPaint))
  return new Promise((done) => {
    const check = (): void => {
      if (!busy() || performance.now() - start > 3000) done(performance.now() - start)
      else setTimeout(check, 20)
    }
    check()
  })
}

// ---------------------------------------------------------------------------------------------
// In Node

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}

/** A static file server for one folder on 127.0.0.1, like `vite preview` without the config. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const root = resolve(dir)
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = normalize(join(root, path))
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end()
      return
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    })
    createReadStream(file).pipe(res)
  })
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      done({ server, url: `http://127.0.0.1:${port}/` })
    }),
  )
}

interface Sample {
  /** Its index in the page's probe.steps. */
  readonly index: number
  readonly latency: number
  readonly inputDelay: number
  readonly script: number
  readonly frame: number
  /** How long the page took to settle after the press (animations). */
  readonly settled: number
  readonly status: string
}

/** What the performance observers saw during a press; they report late, so read at the end. */
interface Entries {
  /** Event Timing duration, when Chromium reported the keydown (>= 16 ms). */
  readonly et: number | null
  readonly longTasks: number
  readonly measures: Readonly<Record<string, number>>
}

type Press = Sample & Entries

/** Presses ArrowRight once on the page and returns what the probe saw, once the page is quiet. */
async function press(page: Page): Promise<Sample> {
  const index = await page.evaluate(() => window.__bench?.steps.length ?? 0)
  await page.keyboard.down('ArrowRight')
  const settled = await page.evaluate(settle, 100)
  await page.keyboard.up('ArrowRight')
  const sample = await page.evaluate((i) => {
    const rec = window.__bench?.steps[i]
    if (!rec) throw new Error('bench:ui: the keydown never reached the page')
    return {
      index: i,
      latency: rec.tPaint - rec.t0,
      inputDelay: rec.tListen - rec.t0,
      script: rec.tScript - rec.tListen,
      frame: rec.tPaint - rec.tRaf,
      status: document.querySelector('[data-testid="step-status"]')?.textContent ?? '',
    }
  }, index)
  return { ...sample, settled }
}

/** The observers' entries for each of the page's presses so far, by probe.steps index. */
async function entries(page: Page): Promise<Entries[]> {
  await page.evaluate(settle, 300)
  return page.evaluate(() => {
    const probe = window.__bench
    if (!probe) return []
    return probe.steps.map((rec, i) => {
      const next = probe.steps[i + 1]?.t0 ?? Infinity
      const within = (t: number): boolean => t >= rec.t0 - 1 && t < next
      const et = probe.events.find((e) => Math.abs(e.startTime - rec.t0) < 1)
      const measures: Record<string, number> = {}
      for (const m of probe.measures.filter((m) => within(m.startTime)))
        measures[m.name] = (measures[m.name] ?? 0) + m.duration
      return {
        et: et ? et.duration : null,
        longTasks: probe.longTasks.filter((t) => within(t.startTime)).length,
        measures,
      }
    })
  })
}

async function home(page: Page, total: number): Promise<void> {
  await page.keyboard.press('Home')
  await page
    .getByTestId('step-status')
    .filter({ hasText: `Step 1 of ${total}` })
    .waitFor()
  await page.evaluate(settle, 100)
}

async function openScenario(browser: Browser, base: string, s: ScenarioMeta): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  await context.addInitScript(PROBE)
  const page = await context.newPage()
  await page.goto(`${base}#/${s.id}/1`)
  await page
    .getByTestId('step-status')
    .filter({ hasText: `Step 1 of ${s.steps}` })
    .waitFor()
  await page.locator('.panel-loading').first().waitFor({ state: 'detached' })
  // main.tsx prefetches every panel and scenario body when the browser is idle: let it finish.
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 2000 })))
  await page.evaluate(settle, 200)
  return page
}

async function openBare(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  await context.addInitScript(PROBE)
  const page = await context.newPage()
  await page.goto(base)
  await page.getByTestId('step-status').waitFor()
  await page.evaluate(settle, 200)
  return page
}

/**
 * First contentful paint of a fresh load (new context: empty cache, no service worker) of
 * `url`, in ms from navigation start, as Chromium's paint timing reports it.
 */
async function firstPaint(
  browser: Browser,
  url: string,
  selector: string | null = null,
): Promise<{ readonly fcp: number; readonly shown: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    // When `selector` first matches, the time after the next paint (rAF, then a message).
    await context.addInitScript((sel: string | null) => {
      const w = window as unknown as { __shown?: Promise<number> }
      if (sel === null) return
      w.__shown = new Promise<number>((done) => {
        const painted = (): void =>
          void requestAnimationFrame(() => {
            const c = new MessageChannel()
            c.port1.onmessage = () => done(performance.now())
            c.port2.postMessage(null)
          })
        const obs = new MutationObserver(() => {
          if (!document.querySelector(sel)) return
          obs.disconnect()
          painted()
        })
        obs.observe(document, { subtree: true, childList: true })
      })
    }, selector)
    const page = await context.newPage()
    await page.goto(url)
    const shown = await page.evaluate(
      () => (window as unknown as { __shown?: Promise<number> }).__shown ?? Promise.resolve(NaN),
    )
    const fcp = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const seen = performance.getEntriesByName('first-contentful-paint')[0]
          if (seen) return done(seen.startTime)
          new PerformanceObserver((list, obs) => {
            const e = list.getEntriesByName('first-contentful-paint')[0]
            if (!e) return
            obs.disconnect()
            done(e.startTime)
          }).observe({ type: 'paint', buffered: true })
        }),
    )
    return { fcp, shown }
  } finally {
    await context.close()
  }
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b)
/** Nearest-rank percentile. */
function pct(xs: readonly number[], p: number): number {
  const s = sorted(xs)
  if (s.length === 0) return NaN
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN
}
const median = (xs: readonly number[]): number => {
  const s = sorted(xs)
  const m = s.length >> 1
  if (s.length === 0) return NaN
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2
}
const ms = (x: number, w = 6): string => (Number.isFinite(x) ? x.toFixed(1) : '-').padStart(w)

interface Row {
  readonly s: ScenarioMeta
  readonly app: Press[]
  readonly bare: Press[]
  readonly problems: string[]
}

async function benchScenario(
  browser: Browser,
  appUrl: string,
  bare: Page,
  s: ScenarioMeta,
): Promise<Row> {
  const page = await openScenario(browser, appUrl, s)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(String(e)))
  let step = 1
  const next = async (): Promise<Sample> => {
    if (step >= s.steps) {
      await home(page, s.steps)
      step = 1
    }
    const sample = await press(page)
    step++
    if (opts.verbose) console.error(`  ${s.id} ${step - 1}->${step}: ${JSON.stringify(sample)}`)
    if (sample.status !== `Step ${step} of ${s.steps}`)
      problems.push(`after a press the status read "${sample.status}", not step ${step}`)
    return sample
  }
  for (let i = 0; i < WARMUP; i++) {
    await next()
    await press(bare)
  }
  await home(page, s.steps)
  step = 1
  const app: Sample[] = []
  const floor: Sample[] = []
  for (let i = 0; i < presses; i++) {
    app.push(await next())
    floor.push(await press(bare))
  }
  const seen = await entries(page)
  const seenBare = await entries(bare)
  await page.context().close()
  const none: Entries = { et: null, longTasks: 0, measures: {} }
  return {
    s,
    app: app.map((x) => ({ ...x, ...(seen[x.index] ?? none) })),
    bare: floor.map((x) => ({ ...x, ...(seenBare[x.index] ?? none) })),
    problems: [...new Set(problems)],
  }
}

/** One table line: the app's and the bare page's presses of one scenario, or of all. */
function line(name: string, app: readonly Press[], bare: readonly Press[]): string {
  const a = app.map((x) => x.latency)
  const b = bare.map((x) => x.latency)
  const over = a.filter((x) => x > FRAME_MS).length
  const ets = app.flatMap((x) => (x.et === null ? [] : [x.et]))
  // Presses Chromium did not report took under 16 ms: count them as 0 for the median.
  const etMed = median(app.map((x) => x.et ?? 0))
  return (
    name.padEnd(26) +
    String(a.length).padStart(5) +
    ms(median(a)) +
    ms(pct(a, 95)) +
    ms(median(b), 9) +
    ms(pct(b, 95), 9) +
    `${(median(a) / median(b)).toFixed(1)}x`.padStart(7) +
    `${Math.round((100 * over) / a.length)}%`.padStart(8) +
    ms(median(app.map((x) => x.script)), 8) +
    ms(median(app.map((x) => x.frame)), 7) +
    String(ets.length).padStart(6) +
    (etMed >= 16 ? ms(etMed, 7) : '    <16') +
    (ets.length ? ms(Math.max(...ets), 7) : '      -') +
    String(app.reduce((n, x) => n + x.longTasks, 0)).padStart(4)
  )
}

function report(rows: readonly Row[], header: readonly string[]): string {
  const out: string[] = [...header, '']
  const cols =
    'scenario'.padEnd(26) +
    '    n   med   p95  bare med bare p95  ratio >16.7ms  script  frame  ET n ET med ET max  LT'
  out.push('ArrowRight keydown to the next paint, in ms: median and nearest-rank p95 of n presses.')
  out.push(cols)
  out.push('-'.repeat(cols.length))
  for (const { s, app, bare } of rows) out.push(line(s.id, app, bare))
  out.push('-'.repeat(cols.length))
  out.push(
    line(
      'all',
      rows.flatMap((r) => r.app),
      rows.flatMap((r) => r.bare),
    ),
  )
  out.push(
    '',
    'med, p95     the app: event.timeStamp to a MessageChannel message posted from the first',
    '             requestAnimationFrame after the keydown (after style, layout and paint)',
    'bare         the same on the bare React counter page (bench/bare), one press after each',
    'ratio        med / bare med',
    '>16.7ms      share of the app presses longer than one 60 Hz frame',
    "script       median: capturing keydown listener to after the app's listener and React's",
    '             render and commit (the microtask after it)',
    'frame        median: that rAF callback to the message after paint (style, layout, paint)',
    'ET           Event Timing keydown entries: how many Chromium reported (it reports only',
    '             durations of 16 ms or more, rounded to 8 ms), their median counting the',
    '             unreported as under 16, and the worst',
    'LT           long tasks (50 ms or more) during the measured presses',
  )

  // By panel: each scenario's presses under every panel it shows.
  out.push('')
  out.push('By panel (the presses of every scenario that shows the panel):')
  const panels = [...new Set(rows.flatMap((r) => r.s.panels))]
  for (const p of panels) {
    const these = rows.filter((r) => r.s.panels.includes(p))
    const a = these.flatMap((r) => r.app.map((x) => x.latency))
    const only = these.filter((r) => r.s.panels.length === 1).length
    out.push(
      `  ${p.padEnd(14)} ${String(these.length).padStart(2)} scenarios (${only} show it alone)` +
        `  med ${ms(median(a))}  p95 ${ms(pct(a, 95))}` +
        `  >16.7ms ${((100 * a.filter((x) => x > FRAME_MS).length) / a.length).toFixed(0)}%`,
    )
  }
  const measureNames = [
    ...new Set(rows.flatMap((r) => r.app.flatMap((x) => Object.keys(x.measures)))),
  ].sort()
  out.push('')
  if (measureNames.length === 0)
    out.push(
      'Per-panel render time: not measured (this build makes no vmscope:panel performance.measure',
      'entries); the table above groups scenarios by panel.',
    )
  else {
    out.push(
      'Per panel, from the stage’s performance.measure() entries (ms per press, summed per press;',
      'median and p95 over the presses that re-rendered the panel):',
    )
    const head =
      '  panel           presses  re-rendered   render med   p95   effects med   p95   both p95'
    out.push(head, '  ' + '-'.repeat(head.length - 2))
    // Every panel the scenarios show, also one that no press re-rendered.
    const perPanel = [...new Set(rows.flatMap((r) => r.s.panels as readonly string[]))]
    for (const p of perPanel) {
      const shown = rows.filter((r) => (r.s.panels as readonly string[]).includes(p))
      const presses = shown.flatMap((r) => r.app)
      const rn = `vmscope:panel:${p}:render`
      const en = `vmscope:panel:${p}:effects`
      const rendered = presses.filter((x) => rn in x.measures)
      const render = rendered.map((x) => x.measures[rn] ?? 0)
      const effects = rendered.map((x) => x.measures[en] ?? 0)
      const both = rendered.map((x) => (x.measures[rn] ?? 0) + (x.measures[en] ?? 0))
      out.push(
        `  ${p.padEnd(14)} ${String(presses.length).padStart(8)}` +
          `  ${String(rendered.length).padStart(4)} (${String(Math.round((100 * rendered.length) / Math.max(1, presses.length))).padStart(3)}%)` +
          `  ${ms(median(render), 10)} ${ms(pct(render, 95))}` +
          `  ${ms(median(effects), 11)} ${ms(pct(effects, 95))}  ${ms(pct(both, 95), 8)}`,
      )
    }
    // The whole player (its panels included), and what of it is not the panels.
    const player = rows.flatMap((r) => r.app).filter((x) => 'vmscope:player:render' in x.measures)
    if (player.length > 0) {
      const part = (x: Press, phase: string, panels: boolean): number =>
        Object.entries(x.measures)
          .filter(([n]) =>
            panels
              ? n.startsWith('vmscope:panel:') && n.endsWith(phase)
              : n === `vmscope:player:${phase}`,
          )
          .reduce((sum, [, v]) => sum + v, 0)
      const line = (name: string, f: (x: Press, phase: string) => number): string => {
        const r = player.map((x) => f(x, 'render'))
        const e = player.map((x) => f(x, 'effects'))
        const both = player.map((x) => f(x, 'render') + f(x, 'effects'))
        return (
          `  ${name.padEnd(14)} ${String(player.length).padStart(8)}  ${'all'.padStart(10)}` +
          `  ${ms(median(r), 10)} ${ms(pct(r, 95))}  ${ms(median(e), 11)} ${ms(pct(e, 95))}  ${ms(pct(both, 95), 8)}`
        )
      }
      out.push(
        line('player', (x, ph) => part(x, ph, false)),
        line('  not panels', (x, ph) => part(x, ph, false) - part(x, ph, true)),
      )
    }
    const other = measureNames.filter(
      (n) => !n.startsWith('vmscope:panel:') && !n.startsWith('vmscope:player:'),
    )
    for (const n of other) {
      const xs = rows.flatMap((r) =>
        r.app.flatMap((x) => (n in x.measures ? [x.measures[n] ?? 0] : [])),
      )
      out.push(`  ${n.padEnd(40)} ${ms(median(xs))}  (${xs.length} presses)`)
    }
  }
  const problems = rows.flatMap((r) => r.problems.map((p) => `  ${r.s.id}: ${p}`))
  if (problems.length) out.push('', 'Problems:', ...problems)
  return out.join('\n')
}

// ---------------------------------------------------------------------------------------------

const appDir = opts.app ?? 'dist-bench/app'
if (!opts['no-build'] && !opts.app) {
  console.error(
    'bench:ui: building the app into dist-bench/app and the bare page into dist-bench/bare',
  )
  await build({
    configFile: resolve('vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: resolve(appDir), emptyOutDir: true },
  })
  await build({ configFile: resolve('bench/bare/vite.config.ts'), logLevel: 'warn' })
}
// --app skips building the app, not the bare page (it is the same in every sitting).
if (opts.app && !existsSync(join('dist-bench/bare', 'index.html')))
  await build({ configFile: resolve('bench/bare/vite.config.ts'), logLevel: 'warn' })
for (const d of [appDir, 'dist-bench/bare', ...(opts.before ? [opts.before] : [])])
  if (!existsSync(join(d, 'index.html'))) {
    console.error(`bench:ui: ${d}/index.html is missing; run without --no-build`)
    process.exit(1)
  }

const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ')
const loadAtStart = loadavg()
const appServer = await serve(appDir)
const bareServer = await serve('dist-bench/bare')
const beforeServer = opts.before ? await serve(opts.before) : null
const beforeRows: Row[] = []
const fcpBefore: number[] = []
const libraryBefore: number[] = []
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
const version = browser.version()
const rows: Row[] = []
const fcpApp: number[] = []
// When the library's list of scenarios is painted (after the app's first render).
const libraryApp: number[] = []
const fcpBare: number[] = []
try {
  const bare = await openBare(browser, bareServer.url)
  for (const s of scenarios) {
    console.error(`bench:ui: ${s.id} (${s.steps} steps, ${presses} presses)`)
    if (beforeServer) beforeRows.push(await benchScenario(browser, beforeServer.url, bare, s))
    rows.push(await benchScenario(browser, appServer.url, bare, s))
  }
  // First contentful paint of the home page, a fresh load of the app then of the bare page.
  if (loads > 0) console.error(`bench:ui: first contentful paint, ${loads} loads of each`)
  for (let i = 0; i < loads; i++) {
    if (beforeServer) {
      const old = await firstPaint(browser, beforeServer.url, '.library')
      fcpBefore.push(old.fcp)
      libraryBefore.push(old.shown)
    }
    const app = await firstPaint(browser, appServer.url, '.library')
    fcpApp.push(app.fcp)
    libraryApp.push(app.shown)
    fcpBare.push((await firstPaint(browser, bareServer.url)).fcp)
  }
} finally {
  await browser.close()
  appServer.server.close()
  bareServer.server.close()
  beforeServer?.server.close()
}

const git = (...a: string[]): string => {
  try {
    return execFileSync('git', a, { encoding: 'utf8' }).trim()
  } catch {
    return '?'
  }
}
const dirty = git('status', '--porcelain', '--untracked-files=no')
  ? ' (with uncommitted changes)'
  : ''
const fcpLines =
  loads === 0
    ? []
    : [
        '',
        `First contentful paint of a fresh load (new browser context, empty cache), ${loads} loads each, interleaved:`,
        `  app home page  median ${ms(median(fcpApp))} ms  p95 ${ms(pct(fcpApp, 95))} ms`,
        `  bare page      median ${ms(median(fcpBare))} ms  p95 ${ms(pct(fcpBare, 95))} ms`,
        `  ratio of the medians ${(median(fcpApp) / median(fcpBare)).toFixed(2)}x (goal: within 1.5x)`,
        `  app library list painted (.library, after React's first render) median ${ms(median(libraryApp))} ms` +
          `  p95 ${ms(pct(libraryApp, 95))} ms: ${(median(libraryApp) / median(fcpBare)).toFixed(2)}x the bare FCP`,
        '  (the app paints index.html’s brand placeholder before its scripts run; the list is the page itself)',
      ]
/** Before and after side by side: each scenario's ratio to the bare page pressed beside it. */
function beforeAfter(): string[] {
  if (!opts.before) return []
  const out = [
    '',
    `Before (${opts.before}) and after (this build), interleaved per scenario in this run:`,
    'scenario'.padEnd(26) +
      '  before med  p95 ratio p95r   after med  p95 ratio p95r   (ratio: median / bare median; p95r: p95 / bare median)',
  ]
  const cells = (r: Row): string => {
    const a = r.app.map((x) => x.latency)
    const b = median(r.bare.map((x) => x.latency))
    return (
      ms(median(a), 11) +
      ms(pct(a, 95), 5) +
      `${(median(a) / b).toFixed(1)}x`.padStart(6) +
      `${(pct(a, 95) / b).toFixed(1)}x`.padStart(5)
    )
  }
  const all = (rs: readonly Row[]): Row => ({
    s: { ...(rs[0] ?? rows[0])!.s, id: 'all' },
    app: rs.flatMap((r) => r.app),
    bare: rs.flatMap((r) => r.bare),
    problems: [],
  })
  rows.forEach((r, i) => {
    const old = beforeRows[i]
    if (old) out.push(r.s.id.padEnd(26) + cells(old) + '  ' + cells(r))
  })
  out.push('all'.padEnd(26) + cells(all(beforeRows)) + '  ' + cells(all(rows)))
  if (loads > 0)
    out.push(
      `library list painted: before median ${ms(median(libraryBefore))} ms (${(median(libraryBefore) / median(fcpBare)).toFixed(2)}x the bare FCP),` +
        ` after ${ms(median(libraryApp))} ms (${(median(libraryApp) / median(fcpBare)).toFixed(2)}x); placeholder FCP before ${ms(median(fcpBefore))}, after ${ms(median(fcpApp))}`,
    )
  return out
}

console.log(
  report(rows, [
    `npm run bench:ui, ${new Date().toISOString()}`,
    `${opts.app ? `app from ${opts.app}, bench at ` : ''}commit ${git('rev-parse', '--short', 'HEAD')}${dirty}; Chromium ${version} (${CHROMIUM}, headless, --disable-gpu); viewport 1280x720`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); load average (1/5/15 min) ` +
      `${load(loadAtStart)} at the start, ${load(loadavg())} at the end`,
    `${presses} measured presses per scenario after ${WARMUP} warm-up presses; each page settles (no animation) before the next press`,
  ]) +
    fcpLines.join('\n') +
    beforeAfter().join('\n'),
)
