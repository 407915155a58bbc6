// The filter of "Alla e-tjänster" on /driftinformation as progressive
// enhancement, in Debian's chromium with the page's real CSP:
//  - without JavaScript every service is listed (tr[data-namn], as many as the
//    page says in data-antal), every jump-list link leads to a group heading,
//    and no input field is shown that would do nothing;
//  - with JavaScript the field has a label, and the jump list starts at the
//    same place as without it (no layout shift), at 1280 and at 320 px;
//  - typing QUERY leaves exactly EXPECTED services visible, hides the groups
//    (and their jump-list links) without a match and says how many match;
//    emptying the field shows all again.
//
//   node filter.mjs BASE_URL QUERY EXPECTED
//
// Exits 1 when a check fails, 2 on a usage or browser error.
import { launchChromium } from './browser.mjs';

const [base, query, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);
if (!base || !query || !Number.isInteger(expected)) {
  console.error('usage: node filter.mjs BASE_URL QUERY EXPECTED');
  process.exit(2);
}
const url = new URL('/driftinformation', base).toString();

const browser = await launchChromium();

let failed = 0;
function check(ok, what) {
  if (ok) console.log(`ok   ${what}`);
  else { failed++; console.log(`FAIL ${what}`); }
}

// Where the jump list starts, and what the list holds.
function measure() {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const rows = [...document.querySelectorAll('tr[data-namn]')];
  const links = [...document.querySelectorAll('#grupper a[href^="#"]')];
  const box = document.getElementById('filtrera');
  return {
    top: Math.round(document.getElementById('grupper').getBoundingClientRect().top + window.scrollY),
    rows: rows.length,
    visibleRows: rows.filter(visible).length,
    total: Number(box.getAttribute('data-antal')),
    inputs: box.querySelectorAll('input').length,
    linksResolve: links.length > 0 && links.every((a) => {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      return target && target.tagName === 'H3';
    }),
  };
}

try {
  for (const width of [1280, 320]) {
    const viewport = { width, height: 900 };
    const plain = await browser.newContext({ javaScriptEnabled: false, viewport, locale: 'sv-SE' });
    const p1 = await plain.newPage();
    await p1.goto(url, { waitUntil: 'load' });
    const without = await p1.evaluate(measure);
    await plain.close();
    check(without.rows === without.total && without.visibleRows === without.total,
          `${width} px without JavaScript: all ${without.total} services listed and visible (${without.visibleRows})`);
    check(without.inputs === 0, `${width} px without JavaScript: no filter field that would do nothing`);
    check(without.linksResolve, `${width} px without JavaScript: every jump-list link leads to a group heading`);

    const js = await browser.newContext({ viewport, locale: 'sv-SE' });
    const page = await js.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#filter-falt');
    const withJs = await page.evaluate(measure);
    check(withJs.top === without.top, `${width} px: the jump list starts at ${withJs.top} px with JavaScript, ` +
          `${without.top} px without (no layout shift)`);
    const label = await page.evaluate(() => {
      const input = document.getElementById('filter-falt');
      return input.labels && input.labels.length ? input.labels[0].textContent : '';
    });
    check(label === 'Sök bland e-tjänsterna', `${width} px: the field is labelled "${label}"`);

    await page.fill('#filter-falt', query);
    const after = await page.evaluate(() => {
      const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
      const groups = [...document.querySelectorAll('div.group[data-grupp]')];
      const emptyShown = groups.filter((g) => visible(g) && ![...g.querySelectorAll('tr[data-namn]')].some(visible));
      const jumpShown = [...document.querySelectorAll('#grupper li[data-grupp]')].filter(visible).length;
      return {
        visibleRows: [...document.querySelectorAll('tr[data-namn]')].filter(visible).length,
        groupsShown: groups.filter(visible).length,
        emptyShown: emptyShown.length,
        jumpShown,
        result: document.getElementById('filter-resultat').textContent,
      };
    });
    check(after.visibleRows === expected, `${width} px: "${query}" leaves ${after.visibleRows} services (expected ${expected})`);
    check(after.emptyShown === 0 && after.jumpShown === after.groupsShown,
          `${width} px: groups without a match are hidden, with their jump-list links (${after.groupsShown} shown)`);
    check(after.result === `Visar ${expected} av ${without.total} e-tjänster.`, `${width} px: says "${after.result}"`);

    await page.fill('#filter-falt', '');
    const cleared = await page.evaluate(measure);
    check(cleared.visibleRows === without.total, `${width} px: an empty field shows all ${cleared.visibleRows} again`);
    check(errors.length === 0, `${width} px: no console errors or CSP violations ${errors.join('; ')}`);
    await js.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
