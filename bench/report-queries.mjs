// The baseline of the report figure: the aggregate queries a SQL-computed semester report has
// to run (the ones of src/store/report.ts, for the semester, the one before and the same one a
// year earlier), written out with literal bounds so the `sqlite3` command-line tool can run
// them alone. What is left between this and `cafcharte report --format json` is the tool's own
// cost: start-up, opening the store, shaping and printing the JSON. reportQueriesPostgres gives
// the same queries for `psql` on a PostgreSQL store.

const CAF_PERIOD_ROWS = (indicator, from, to) => `
  WITH territory_months AS (
    SELECT DISTINCT month FROM caf_figures
    WHERE indicator = '${indicator}' AND perimeter = 'territoire' AND month BETWEEN '${from}' AND '${to}')
  SELECT %COLUMNS% FROM caf_figures
  WHERE indicator = '${indicator}' AND month BETWEEN '${from}' AND '${to}'
    AND (perimeter = 'territoire' OR (perimeter LIKE 'commune:%' AND month NOT IN territory_months))
  %GROUP%;`;

const caf = (indicator, from, to, columns, group = '') =>
  CAF_PERIOD_ROWS(indicator, from, to).replace('%COLUMNS%', columns).replace('%GROUP%', group);

/** Months and dates of a semester "2026-S1". */
export function semesterSpans(semester) {
  const [year, half] = semester.split('-S').map(Number);
  const months = (y, h) => ({ from: `${y}-${h === 1 ? '01' : '07'}`, to: `${y}-${h === 1 ? '06' : '12'}` });
  const dates = (y, h) => ({ from: `${y}-${h === 1 ? '01-01' : '07-01'}`, to: `${y}-${h === 1 ? '06-30' : '12-31'}` });
  const previous = half === 1 ? [year - 1, 2] : [year, 1];
  return {
    current: { months: months(year, half), dates: dates(year, half) },
    previous: { months: months(...previous) },
    yearBefore: { months: months(year - 1, half) },
  };
}

/** The SQL script (one string) for the `sqlite3` tool. */
export function reportQueries(semester) {
  const s = semesterSpans(semester);
  const { from: d1, to: d2 } = s.current.dates;
  const parts = [];
  for (const period of [s.current, s.previous, s.yearBefore]) {
    const { from, to } = period.months;
    for (const indicator of ['consultations', 'teledeclarations']) {
      parts.push(caf(indicator, from, to, 'month, SUM(value) AS value', 'GROUP BY month ORDER BY month'));
      parts.push(caf(indicator, from, to, 'count(*) AS n, SUM(value) AS value'));
    }
    parts.push(caf('rubrique', from, to, 'site_section AS section, SUM(value) AS value', 'GROUP BY site_section ORDER BY value DESC, site_section'));
  }
  parts.push(`SELECT DISTINCT month, indicator FROM caf_figures WHERE month BETWEEN '${s.current.months.from}' AND '${s.current.months.to}'
      AND (perimeter = 'territoire' OR perimeter LIKE 'commune:%') ORDER BY month, indicator;`);
  for (const key of ['e.type', 'e.place_id', 'p.commune_insee', 'substr(e.date, 1, 7)']) {
    parts.push(`SELECT CAST(${key} AS TEXT) AS key, count(*) AS entries, coalesce(sum(e.received), 0) AS received
      FROM logbook_entries e JOIN places p ON p.id = e.place_id
      WHERE e.removed_at IS NULL AND e.date BETWEEN '${d1}' AND '${d2}'
      GROUP BY ${key} ORDER BY received DESC, entries DESC, key;`);
  }
  parts.push(`SELECT count(*), sum(received), sum(first_timers), sum(online_declarations), sum(accounts_created), sum(emails_sent),
      sum(certificates), sum(completed_procedures) FROM logbook_entries WHERE removed_at IS NULL AND date BETWEEN '${d1}' AND '${d2}';`);
  parts.push(`SELECT count(*) AS sessions, coalesce(sum(capacity), 0), coalesce(sum(confirmed), 0), coalesce(sum(waiting), 0)
      FROM (SELECT s.capacity,
                   (SELECT sum(seats) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmee') AS confirmed,
                   (SELECT sum(seats) FROM bookings b WHERE b.session_id = s.id AND b.status = 'attente') AS waiting
            FROM sessions s WHERE s.status = 'prevue' AND s.capacity > 0 AND s.date BETWEEN '${d1}' AND '${d2}');`);
  parts.push(`SELECT count(*) FROM sessions WHERE status = 'annulee' AND date BETWEEN '${d1}' AND '${d2}';`);
  parts.push(`SELECT e.date, p.name, p.commune_insee, e.remarks FROM logbook_entries e JOIN places p ON p.id = e.place_id
      WHERE e.removed_at IS NULL AND e.date BETWEEN '${d1}' AND '${d2}' AND trim(coalesce(e.remarks, '')) <> ''
      ORDER BY e.date, p.name, e.id;`);
  parts.push(`SELECT s.id, s.date, s.start_time, s.type, p.name FROM sessions s JOIN places p ON p.id = s.place_id
      WHERE s.status <> 'annulee' AND s.date BETWEEN '${d1}' AND '${d2}'
        AND NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.session_id = s.id AND e.removed_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = s.place_id AND e.date = s.date
                          AND e.start_time = s.start_time AND e.removed_at IS NULL)
      ORDER BY s.date, s.start_time, s.id;`);
  parts.push(`SELECT p.id, p.name, p.commune_insee FROM places p
      WHERE NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = p.id AND e.removed_at IS NULL AND e.date BETWEEN '${d1}' AND '${d2}')
      ORDER BY p.name;`);
  parts.push(`SELECT held_on, place FROM copil_meetings WHERE held_on BETWEEN '${d1}' AND '${d2}' ORDER BY held_on, id;`);
  parts.push(`SELECT number, signed_on, subject FROM amendments WHERE signed_on BETWEEN '${d1}' AND '${d2}' ORDER BY number;`);
  parts.push(`SELECT id, by_party, received_on, reason, resolved_on FROM breaches
      WHERE received_on <= '${d2}' AND (resolved_on IS NULL OR resolved_on >= '${d1}') ORDER BY received_on, id;`);
  return parts.join('\n') + '\n';
}

/**
 * The same script for `psql` on a PostgreSQL store. One construct differs: SQLite lets
 * `month NOT IN territory_months` name the CTE as a list; PostgreSQL needs a subquery.
 */
export function reportQueriesPostgres(semester) {
  return reportQueries(semester).replaceAll('month NOT IN territory_months', 'month NOT IN (SELECT month FROM territory_months)');
}
