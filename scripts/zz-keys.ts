import { en as mainEn } from '/tmp/perf-tools/en-main.ts'
import { en } from '../src/i18n/en.ts'
const mine = en as Record<string, string>
const theirs = mainEn as Record<string, string>
let n = 0
for (const k of Object.keys(theirs)) if (mine[k] !== theirs[k]) console.log('DIFF/MISSING', k, n++)
for (const k of Object.keys(mine)) if (!(k in theirs)) console.log('EXTRA', k, n++)
console.log('keys', Object.keys(mine).length, Object.keys(theirs).length, 'problems', n)
