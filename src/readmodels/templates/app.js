// Driftinformation: keeps the page current without a reload, and filters the
// list of all e-services by name. The page works without this script (every
// service is listed under its owner, with a jump list); with it, the page
// asks the server again every 60 s while the tab is visible (HTTP
// revalidation with ETag), and replaces the main content only when the
// information itself changed.
(function () {
  'use strict';
  // The page's words, in its language (data-* attributes of <body>).
  function text(name, fallback) {
    var v = document.body && document.body.getAttribute('data-' + name);
    return v === null || v === undefined || v === '' ? fallback : v;
  }
  // --- The filter field, in the place the page keeps for it (#filtrera, the
  // same height with and without the field, so nothing moves).
  var query = '';
  function fold(text) {
    var t = String(text || '').toLowerCase();
    return t.normalize ? t.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : t;
  }
  function applyFilter() {
    var box = document.getElementById('filtrera');
    if (!box) return;
    var q = fold(query).trim();
    var shown = 0;
    var groups = document.querySelectorAll('div.group[data-grupp]');
    for (var i = 0; i < groups.length; i++) {
      var rows = groups[i].querySelectorAll('tr[data-namn]');
      var inGroup = 0;
      for (var j = 0; j < rows.length; j++) {
        var hit = q === '' || fold(rows[j].getAttribute('data-namn')).indexOf(q) !== -1;
        rows[j].hidden = !hit;
        if (hit) inGroup++;
      }
      groups[i].hidden = inGroup === 0;
      var jump = document.querySelector('#grupper li[data-grupp="' + groups[i].getAttribute('data-grupp') + '"]');
      if (jump) jump.hidden = inGroup === 0;
      shown += inGroup;
    }
    var result = document.getElementById('filter-resultat');
    if (result) {
      var all = box.getAttribute('data-antal') || String(shown);
      result.textContent = q === '' ? '' : shown === 0 ? text('filter-none', 'Ingen e-tjänst matchar sökningen.')
        : text('filter-shown', 'Visar {n} av {all} e-tjänster.').replace('{n}', shown).replace('{all}', all);
    }
  }
  function setupFilter() {
    var box = document.getElementById('filtrera');
    if (!box || !document.querySelectorAll) return;
    box.textContent = '';
    var label = document.createElement('label');
    label.htmlFor = 'filter-falt';
    label.textContent = text('filter-label', 'Sök bland e-tjänsterna');
    var input = document.createElement('input');
    input.type = 'search';
    input.id = 'filter-falt';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-describedby', 'filter-resultat');
    input.value = query;
    var result = document.createElement('p');
    result.id = 'filter-resultat';
    result.setAttribute('role', 'status');
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(result);
    input.addEventListener('input', function () { query = input.value; applyFilter(); });
    applyFilter();
  }
  setupFilter();

  // --- Keeping the page current.
  if (!window.fetch || !window.DOMParser) return;
  var INTERVAL = 60000;
  var timer = null;
  var last = Date.now();
  function main() { return document.getElementById('innehall'); }
  function say(text) {
    var live = document.getElementById('uppdatering');
    if (live) { live.textContent = ''; window.setTimeout(function () { live.textContent = text; }, 50); }
  }
  function schedule() {
    window.clearTimeout(timer);
    if (document.visibilityState === 'visible') timer = window.setTimeout(refresh, INTERVAL);
  }
  function apply(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.getElementById('innehall');
    var cur = main();
    if (!fresh || !cur) return;
    var checkedNew = doc.getElementById('kontrollerad');
    var checkedCur = document.getElementById('kontrollerad');
    if (fresh.getAttribute('data-version') === cur.getAttribute('data-version')) {
      if (checkedNew && checkedCur) checkedCur.textContent = checkedNew.textContent;
      return;
    }
    var active = document.activeElement;
    if (active && active !== cur && cur.contains(active)) {
      // Do not pull the content from under a keyboard user: offer a reload instead.
      if (!document.getElementById('ny-information')) {
        var p = document.createElement('p');
        p.id = 'ny-information';
        p.className = 'notice';
        var a = document.createElement('a');
        a.href = window.location.pathname;
        a.textContent = text('new-info-reload', 'Det finns ny driftinformation. Ladda om sidan.');
        p.appendChild(a);
        cur.insertBefore(p, cur.firstChild);
        say(text('new-info', 'Det finns ny driftinformation.'));
      }
      return;
    }
    cur.innerHTML = fresh.innerHTML;
    cur.setAttribute('data-version', fresh.getAttribute('data-version') || '');
    setupFilter();
    say(text('updated', 'Driftinformationen har uppdaterats.'));
  }
  function refresh() {
    last = Date.now();
    window.fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-cache',
                                            headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) apply(html); })
      .catch(function () { /* offline: try again later */ })
      .then(schedule);
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState !== 'visible') { window.clearTimeout(timer); return; }
    if (Date.now() - last >= INTERVAL) refresh(); else schedule();
  });
  schedule();
})();
