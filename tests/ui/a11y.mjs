// Accessibility check of the driftinformation surfaces with axe-core in
// Debian's chromium (never a downloaded browser).
//
//   node a11y.mjs [--scheme=light|dark|both] BASE_URL PATH...
//       e.g. node a11y.mjs --scheme=both http://127.0.0.1:8080 /driftinformation /driftinformation/skolval
//
// --scheme: the colour scheme the browser asks for (prefers-color-scheme,
// emulated); both: every page in light and in dark. Default light.
// Runs axe with the WCAG 2.0/2.1 A and AA tags on every page and exits 1 when
// any page has a violation (printed with its nodes), 2 on a usage or browser
// error. CSP forbids injected scripts, so the browser context bypasses CSP
// for the test only.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { launchChromium } from './browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const args = process.argv.slice(2);
let scheme = 'light';
while (args.length && args[0].startsWith('--')) {
  const a = args.shift();
  if (a.startsWith('--scheme=')) scheme = a.slice('--scheme='.length);
  else { console.error(`unknown option ${a}`); process.exit(2); }
}
const schemes = scheme === 'both' ? ['light', 'dark'] : [scheme];
const [base, ...paths] = args;
if (!base || paths.length === 0 || !schemes.every((s) => s === 'light' || s === 'dark')) {
  console.error('usage: node a11y.mjs [--scheme=light|dark|both] BASE_URL PATH...');
  process.exit(2);
}

const browser = await launchChromium();

let failed = 0;
try {
  // With the real CSP (no bypass): the page and its script load without
  // console errors or CSP violations.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    for (const path of paths) {
      await page.goto(new URL(path, base).toString(), { waitUntil: 'load' });
      // The English pages are under /en/, every other page is Swedish.
      const want = path.startsWith('/en/') ? 'en' : 'sv';
      const lang = await page.evaluate(() => document.documentElement.lang);
      if (lang !== want) errors.push(`${path}: lang is "${lang}", not "${want}"`);
    }
    if (errors.length) {
      failed++;
      console.log(`FAIL console errors or CSP violations:\n  ${errors.join('\n  ')}`);
    } else {
      console.log('ok   no console errors or CSP violations with the real CSP');
    }
    await context.close();
  }
  // Desktop and a small phone screen: reflow and contrast apply to both, in
  // every colour scheme asked for.
  for (const colorScheme of schemes)
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const context = await browser.newContext({ bypassCSP: true, viewport, locale: 'sv-SE', colorScheme });
    const page = await context.newPage();
    for (const path of paths) {
      const url = new URL(path, base).toString();
      const resp = await page.goto(url, { waitUntil: 'load' });
      if (!resp || resp.status() !== 200) {
        console.error(`FAIL ${url}: HTTP ${resp ? resp.status() : 'no response'}`);
        failed++;
        continue;
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        return await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      }, TAGS);
      const where = `${url} (${viewport.width}x${viewport.height}, ${colorScheme})`;
      if (result.violations.length === 0) {
        console.log(`ok   ${where}: 0 violations (${result.passes.length} rules passed)`);
        continue;
      }
      failed++;
      console.log(`FAIL ${where}: ${result.violations.length} violation(s)`);
      for (const v of result.violations) {
        console.log(`  - ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
        for (const n of v.nodes.slice(0, 5)) console.log(`      ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' / ')}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
