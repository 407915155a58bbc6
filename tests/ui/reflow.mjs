// Reflow check (WCAG 1.4.10): at 320 CSS px wide no page may scroll
// sideways. Loads every page in Debian's chromium and compares the
// document's scroll width with the viewport.
//
//   node reflow.mjs BASE_URL PATH...
//
// Exits 1 when a page is wider than the viewport (the widest elements are
// printed), 2 on a usage or browser error.
import { launchChromium } from './browser.mjs';

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node reflow.mjs BASE_URL PATH...');
  process.exit(2);
}

const browser = await launchChromium();

let failed = 0;
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'sv-SE' });
  const page = await context.newPage();
  for (const path of paths) {
    const url = new URL(path, base).toString();
    const resp = await page.goto(url, { waitUntil: 'load' });
    if (!resp || resp.status() !== 200) {
      console.log(`FAIL ${url}: HTTP ${resp ? resp.status() : 'no response'}`);
      failed++;
      continue;
    }
    const r = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [];
      for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 && !el.closest('.scroll')) wide.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || '').trim().slice(0, 30)}" ${Math.round(box.right)}`);
      }
      return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
    });
    if (r.scroll > r.width) {
      failed++;
      console.log(`FAIL ${url}: ${r.scroll} px wide at ${r.width} px: ${r.wide.join(', ')}`);
    } else {
      console.log(`ok   ${url}: no sideways scrolling at ${r.width} px`);
    }
  }
  await context.close();
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
