// Parses an iCalendar file with ical.js (an independent RFC 5545 parser) and
// prints what it read as JSON, for tests/integration/test_calendar_badges.py.
//
//   node ics.mjs FILE
//
// Prints {"name", "prodid", "version", "events": [{uid, sequence, status,
// summary, description, dtstart, dtend, dtstamp, transp}]} with the times as
// RFC 3339 UTC; exits 1 when the file does not parse as a VCALENDAR.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node ics.mjs FILE');
  process.exit(2);
}
try {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  if (root.name !== 'vcalendar') throw new Error(`top component is ${root.name}`);
  const utc = (t) => (t ? t.toJSDate().toISOString().replace('.000Z', 'Z') : null);
  const events = root.getAllSubcomponents('vevent').map((e) => {
    const ev = new ICAL.Event(e);
    return {
      uid: ev.uid,
      sequence: ev.sequence,
      status: e.getFirstPropertyValue('status'),
      summary: ev.summary,
      description: ev.description,
      dtstart: utc(ev.startDate),
      dtend: utc(ev.endDate),
      dtstamp: utc(e.getFirstPropertyValue('dtstamp')),
      transp: e.getFirstPropertyValue('transp'),
      zone: ev.startDate ? ev.startDate.zone.tzid : null,
    };
  });
  console.log(JSON.stringify({
    name: root.getFirstPropertyValue('x-wr-calname'),
    prodid: root.getFirstPropertyValue('prodid'),
    version: root.getFirstPropertyValue('version'),
    events,
  }));
} catch (e) {
  console.error(`ical.js could not read ${file}: ${e.message}`);
  process.exit(1);
}
