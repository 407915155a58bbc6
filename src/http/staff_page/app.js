// The staff page /admin/driftinformation: create, update (PATCH with
// If-Match), resolve and cancel announcements through the admin API, list
// them with the public list's filters, and preview what citizens will see.
// The token lives in sessionStorage only: it is sent in the Authorization
// header and never put in a URL, a cookie or the page.
'use strict';
(function () {
  const TOKEN_KEY = 'followup-admin-token';
  const STATES = {
    incident: [['investigating', 'Vi undersöker felet'], ['identified', 'Felet är hittat och åtgärdas'],
               ['monitoring', 'Åtgärdat, vi följer upp'], ['resolved', 'Löst'], ['cancelled', 'Inställt']],
    planned_maintenance: [['scheduled', 'Planerat'], ['resolved', 'Avslutat'], ['cancelled', 'Inställt']],
  };
  const KIND_SV = { incident: 'Känt fel', planned_maintenance: 'Planerat underhåll' };
  const KIND_EN = { incident: 'Known issue', planned_maintenance: 'Planned maintenance' };
  const STATE_EN = { investigating: 'Investigating', identified: 'Identified, being fixed',
                     monitoring: 'Fixed, monitoring', resolved: 'Resolved', cancelled: 'Cancelled',
                     scheduled: 'Scheduled' };
  const FIELDS = ['kind', 'state', 'service_ids', 'starts_at', 'ends_at', 'title_sv', 'body_sv', 'title_en',
                  'body_en', 'announcement_id'];
  const LABELS = { kind: 'Typ', state: 'Läge', service_ids: 'E-tjänster som berörs', starts_at: 'Starttid',
                   ends_at: 'Sluttid', title_sv: 'Rubrik på svenska', body_sv: 'Text på svenska',
                   title_en: 'Rubrik på engelska', body_en: 'Text på engelska', announcement_id: 'Id' };
  const $ = (id) => document.getElementById(id);
  let services = [];      // [{service_id, name}] from /api/v1/status
  let editing = null;     // the announcement being changed (as listed), or null
  let announcements = {}; // announcement_id -> as listed

  // ------------------------------------------------------------ token
  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
  function showToken() {
    const has = token() !== '';
    $('nyckel-form').hidden = has;
    $('nyckel-sparad').hidden = !has;
  }
  $('nyckel-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('token').value.trim();
    $('token').value = '';
    if (!t) { say('Ange en åtkomstnyckel.', true); $('token').focus(); return; }
    sessionStorage.setItem(TOKEN_KEY, t);
    showToken();
    say('Nyckeln är sparad för den här sessionen.');
    $('kind').focus();
  });
  $('glom').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showToken();
    say('Nyckeln är glömd.');
    $('token').focus();
  });

  function say(text, problem) {
    const s = $('status');
    s.textContent = text;
    s.className = problem ? 'problem' : 'ok';
  }

  // ------------------------------------------------------------ times
  const pad = (n) => String(n).padStart(2, '0');
  // datetime-local value (local time) -> RFC 3339 with the local offset.
  function toRfc3339(local) {
    if (!local) return null;
    const d = new Date(local);
    if (isNaN(d.getTime())) return local; // the API names the problem
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    const a = Math.abs(off);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) +
      ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + sign + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
  }
  function toLocalInput(rfc) {
    if (!rfc) return '';
    const d = new Date(rfc);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) +
      ':' + pad(d.getMinutes());
  }
  function timeSv(rfc) {
    if (!rfc) return '';
    return new Date(rfc).toLocaleString('sv-SE', { dateStyle: 'medium', timeStyle: 'short' });
  }
  function timeEn(rfc) {
    if (!rfc) return '';
    return new Date(rfc).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  }

  // ------------------------------------------------------------ form
  function fillStates(keep) {
    const kind = $('kind').value;
    const sel = $('state');
    const before = keep || sel.value;
    sel.textContent = '';
    for (const [value, label] of STATES[kind]) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label + ' (' + value + ')';
      sel.appendChild(o);
    }
    if (STATES[kind].some(([v]) => v === before)) sel.value = before;
  }
  function selectedServices() {
    return [...document.querySelectorAll('#tjanster input:checked')].map((i) => i.value);
  }
  function nameOf(id) {
    const s = services.find((x) => x.service_id === id);
    return s ? s.name : id;
  }
  function body() {
    const b = {
      kind: $('kind').value,
      service_ids: selectedServices(),
      state: $('state').value,
      starts_at: toRfc3339($('starts_at').value),
      ends_at: toRfc3339($('ends_at').value),
      title_sv: $('title_sv').value,
      body_sv: $('body_sv').value,
    };
    if ($('title_en').value) b.title_en = $('title_en').value;
    if ($('body_en').value) b.body_en = $('body_en').value;
    if ($('announcement_id').value) b.announcement_id = $('announcement_id').value.trim();
    return b;
  }
  // A JSON Merge Patch of what changed against the announcement being edited.
  function mergePatch(b, a) {
    const patch = {};
    for (const k of ['kind', 'state', 'title_sv', 'body_sv']) if (b[k] !== a[k]) patch[k] = b[k];
    for (const k of ['title_en', 'body_en']) {
      const now = b[k] || null;
      if (now !== (a[k] || null)) patch[k] = now;
    }
    const sorted = (ids) => JSON.stringify([...ids].sort());
    if (sorted(b.service_ids) !== sorted(a.service_ids)) patch.service_ids = b.service_ids;
    // Times as the form shows them (to the minute): unchanged minutes keep the stored instant.
    if ($('starts_at').value !== toLocalInput(a.starts_at)) patch.starts_at = b.starts_at;
    if ($('ends_at').value !== toLocalInput(a.ends_at)) patch.ends_at = b.ends_at;
    return patch;
  }

  function clearErrors() {
    for (const f of FIELDS) {
      const p = $('fel-' + f);
      if (p) { p.hidden = true; p.textContent = ''; }
      const el = $(f);
      if (el) {
        el.removeAttribute('aria-invalid');
        const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== 'fel-' + f);
        if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
      }
    }
    $('fel-summering').hidden = true;
    $('fel-lista').textContent = '';
  }
  // The API's 400 {"errors":[{field,message}]}: each message next to its field.
  function showErrors(errors) {
    clearErrors();
    let first = null;
    for (const e of errors) {
      const field = e.field.replace(/\[\d+\]$/, '');
      const known = FIELDS.includes(field);
      const li = document.createElement('li');
      if (known) {
        const p = $('fel-' + field);
        p.textContent = (p.textContent ? p.textContent + ' ' : '') + e.message;
        p.hidden = false;
        const el = $(field);
        if (field !== 'service_ids') el.setAttribute('aria-invalid', 'true'); // a fieldset has no invalid state
        const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x);
        if (!ids.includes('fel-' + field)) ids.push('fel-' + field);
        el.setAttribute('aria-describedby', ids.join(' '));
        const a = document.createElement('a');
        a.href = '#' + field;
        a.textContent = LABELS[field] + ': ' + e.message;
        a.addEventListener('click', (ev) => { ev.preventDefault(); focusField(field); });
        li.appendChild(a);
        if (!first) first = field;
      } else {
        li.textContent = e.field + ': ' + e.message;
      }
      $('fel-lista').appendChild(li);
    }
    $('fel-summering').hidden = false;
    $('fel-summering').focus();
    return first;
  }
  function focusField(field) {
    const el = field === 'service_ids' ? document.querySelector('#tjanster input') || $('service_ids') : $(field);
    el.focus();
  }

  function preview() {
    const b = body();
    const kind = b.kind;
    const stateSv = (STATES[kind].find(([v]) => v === b.state) || ['', ''])[1];
    $('forhand-sv').className = 'kort' + (kind === 'planned_maintenance' ? ' underhall' : '');
    $('forhand-en').className = $('forhand-sv').className;
    $('forhand-sv-rubrik').textContent = b.title_sv || '(rubrik saknas)';
    const range = (fmt, until) => fmt(b.starts_at) + (b.ends_at ? ' ' + until + ' ' + fmt(b.ends_at) : '');
    $('forhand-sv-meta').textContent = KIND_SV[kind] + ' · ' + stateSv + ' · ' + range(timeSv, 'till');
    $('forhand-sv-tjanster').textContent = 'Berör: ' + (b.service_ids.map(nameOf).join(', ') || '(ingen vald)');
    $('forhand-sv-text').textContent = b.body_sv;
    $('forhand-en-rubrik').textContent = b.title_en || '(no English title: the Swedish one is shown)';
    $('forhand-en-meta').textContent = KIND_EN[kind] + ' · ' + STATE_EN[b.state] + ' · ' + range(timeEn, 'to');
    $('forhand-en-text').textContent = b.body_en || '';
  }

  function resetForm() {
    editing = null;
    $('meddelande-form').reset();
    fillStates();
    $('announcement_id').disabled = false;
    $('rubrik-form').textContent = 'Nytt driftmeddelande';
    $('redigerar').hidden = true;
    $('avbryt').hidden = true;
    $('publicera').textContent = 'Publicera';
    clearErrors();
    preview();
  }

  function edit(a) {
    resetForm();
    editing = a;
    $('kind').value = a.kind;
    fillStates(a.state);
    for (const i of document.querySelectorAll('#tjanster input')) i.checked = a.service_ids.includes(i.value);
    $('starts_at').value = toLocalInput(a.starts_at);
    $('ends_at').value = toLocalInput(a.ends_at);
    $('title_sv').value = a.title_sv;
    $('body_sv').value = a.body_sv;
    $('title_en').value = a.title_en || '';
    $('body_en').value = a.body_en || '';
    $('announcement_id').value = a.announcement_id;
    $('announcement_id').disabled = true;
    $('rubrik-form').textContent = 'Ändra driftmeddelande';
    $('redigerar').textContent = 'Du ändrar "' + a.title_sv + '" (' + a.announcement_id + ', revision ' +
      a.revision + '). Bara det du ändrar skickas.';
    $('redigerar').hidden = false;
    $('avbryt').hidden = false;
    $('publicera').textContent = 'Publicera ändringen';
    preview();
    $('rubrik-form').focus();
  }

  // ------------------------------------------------------------ API
  async function send(method, path, payload, ifMatch) {
    const t = token();
    if (!t) {
      say('Ange din åtkomstnyckel först.', true);
      $('token').focus();
      return null;
    }
    const headers = { 'Authorization': 'Bearer ' + t,
                      'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' };
    if (ifMatch) headers['If-Match'] = ifMatch;
    let resp;
    try {
      resp = await fetch(path, { method, headers, body: JSON.stringify(payload), credentials: 'omit',
                                 cache: 'no-store' });
    } catch (e) {
      say('Tjänsten svarar inte. Försök igen om en stund.', true);
      return null;
    }
    let json = null;
    try { json = await resp.json(); } catch (e) { json = null; }
    const msg = json && json.error ? ' (' + json.error + ')' : '';
    switch (resp.status) {
      case 202: return json;
      case 400: return { errors: (json && json.errors) || [] };
      case 401:
        sessionStorage.removeItem(TOKEN_KEY);
        showToken();
        say('Nyckeln godtogs inte. Ange den igen.', true);
        $('token').focus();
        return null;
      case 403:
        say('Din nyckel får inte ändra driftmeddelanden: den saknar behörigheten ' +
            ((json && json.scope) || 'announcements') + '.', true);
        return null;
      case 409: case 428:
        say('Meddelandet har ändrats av någon annan sedan listan lästes. Listan är uppdaterad: gör ändringen igen.' +
            msg, true);
        await load();
        return null;
      case 429:
        say('För många försök med fel nyckel. Försök igen om ' + (resp.headers.get('Retry-After') || 'en stund') +
            ' sekunder.', true);
        return null;
      default:
        say('Det gick inte att publicera (' + resp.status + ')' + msg + '. Försök igen.', true);
        return null;
    }
  }

  // Waits until the list shows `revision` of `id` (the event is folded), then shows the list.
  async function awaitRevision(id, revision) {
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      await load();
      if (announcements[id] && announcements[id].revision >= revision) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  }

  $('meddelande-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = body();
    let result;
    if (editing) {
      const patch = mergePatch(b, editing);
      if (Object.keys(patch).length === 0) { say('Inget är ändrat.', true); return; }
      result = await send('PATCH', '/api/v1/announcements/' + encodeURIComponent(editing.announcement_id), patch,
                          '"rev-' + editing.revision + '"');
    } else {
      result = await send('POST', '/api/v1/announcements', b);
    }
    if (!result) return;
    if (result.errors) {
      showErrors(result.errors);
      say('Meddelandet publicerades inte: rätta felen i formuläret.', true);
      return;
    }
    resetForm();
    say('Publicerat: ' + result.announcement_id + ', revision ' + result.revision +
        '. Invånarna ser det när det har behandlats.');
    if (await awaitRevision(result.announcement_id, result.revision))
      say('Publicerat och synligt för invånarna: ' + result.announcement_id + ', revision ' + result.revision + '.');
  });
  $('avbryt').addEventListener('click', () => { resetForm(); say('Ändringen är avbruten.'); $('kind').focus(); });
  $('kind').addEventListener('change', () => { fillStates(); preview(); });
  $('meddelande-form').addEventListener('input', preview);
  $('meddelande-form').addEventListener('change', preview);

  async function quick(a, state, done) {
    const result = await send('PATCH', '/api/v1/announcements/' + encodeURIComponent(a.announcement_id),
                              { state }, '"rev-' + a.revision + '"');
    if (!result) return;
    if (result.errors) {
      say('Det gick inte: ' + result.errors.map((e) => e.field + ': ' + e.message).join('; '), true);
      return;
    }
    say(done + ': "' + a.title_sv + '" (revision ' + result.revision + '). Invånarna ser det när det har behandlats.');
    if (await awaitRevision(a.announcement_id, result.revision))
      say(done + ' och synligt för invånarna: "' + a.title_sv + '" (revision ' + result.revision + ').');
  }

  // ------------------------------------------------------------ list
  function button(text, label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sekundar';
    b.textContent = text;
    b.setAttribute('aria-label', text + ': ' + label);
    b.addEventListener('click', onClick);
    return b;
  }
  async function load() {
    const q = new URLSearchParams({ limit: '100' });
    for (const [param, id] of [['service', 'filter-service'], ['kind', 'filter-kind'], ['state', 'filter-state'],
                               ['open', 'filter-open']])
      if ($(id).value) q.set(param, $(id).value);
    let doc;
    try {
      const resp = await fetch('/api/v1/announcements?' + q.toString(), { cache: 'no-store', credentials: 'omit' });
      doc = await resp.json();
      if (!resp.ok) { say('Listan kunde inte visas: ' + (doc.error || resp.status), true); return; }
    } catch (e) {
      say('Listan kunde inte hämtas. Försök igen.', true);
      return;
    }
    const rows = $('lista-rader');
    rows.textContent = '';
    announcements = {};
    for (const a of doc.announcements) {
      announcements[a.announcement_id] = a;
      const tr = document.createElement('tr');
      tr.dataset.id = a.announcement_id;
      const cell = (text) => { const td = document.createElement('td'); td.textContent = text; tr.appendChild(td); return td; };
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = a.title_sv;
      tr.appendChild(th);
      cell(a.kind_sv + ' · ' + a.state_sv);
      cell(a.service_ids.map(nameOf).join(', '));
      cell(timeSv(a.starts_at) + (a.ends_at ? ' – ' + timeSv(a.ends_at) : ''));
      cell(String(a.revision));
      const actions = cell('');
      actions.appendChild(button('Ändra', a.title_sv, () => edit(a)));
      if (a.state !== 'resolved' && a.state !== 'cancelled') {
        const done = a.kind === 'incident' ? 'Markera som löst' : 'Markera som avslutat';
        actions.appendChild(button(done, a.title_sv, () => quick(a, 'resolved', a.kind === 'incident' ? 'Löst' : 'Avslutat')));
        actions.appendChild(button('Ställ in', a.title_sv, () => quick(a, 'cancelled', 'Inställt')));
      }
      rows.appendChild(tr);
    }
    $('lista-tom').hidden = doc.announcements.length > 0;
  }
  $('filter-form').addEventListener('submit', (ev) => { ev.preventDefault(); load(); });

  async function loadServices() {
    try {
      const resp = await fetch('/api/v1/status', { cache: 'no-store', credentials: 'omit' });
      const doc = await resp.json();
      services = (doc.services || []).map((s) => ({ service_id: s.service_id, name: s.name }));
    } catch (e) {
      services = [];
    }
    services.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    const box = $('tjanster');
    box.textContent = '';
    for (const s of services) {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.name = 'service_ids';
      input.value = s.service_id;
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + s.name + ' (' + s.service_id + ')'));
      box.appendChild(label);
      const o = document.createElement('option');
      o.value = s.service_id;
      o.textContent = s.name;
      $('filter-service').appendChild(o);
    }
    if (!services.length) box.textContent = 'Inga e-tjänster hittades i katalogen.';
  }

  showToken();
  fillStates();
  loadServices().then(() => { preview(); return load(); });
})();
