// Drives pitgate with node-postgres (pg): parameters of several types, the
// design query, a named prepared statement run several times, online
// lookups, an error that leaves the client usable, and a pool of parallel
// queries. Run by e2e/clients_node_test.go.
//
// Usage: node check.js URL DRIVER_ID SINCE CUSTOMER_ID DESIGN_QUERY_FILE PARAM_QUERY_FILE
// Prints one JSON object: for each check, its rows as arrays.
'use strict';

const fs = require('fs');
const pg = require('pg');

const [url, driver, since, customer, designFile, paramFile] = process.argv.slice(2);
const designQuery = fs.readFileSync(designFile, 'utf8');
const paramQuery = fs.readFileSync(paramFile, 'utf8');

// Keep every value exact: int8 and numeric stay text (pg's defaults), and
// timestamptz is returned as RFC 3339 text instead of a millisecond Date.
const TIMESTAMPTZ = 1184;
pg.types.setTypeParser(TIMESTAMPTZ, (s) => s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

const out = {};

async function rows(client, query) {
  const res = await client.query({ rowMode: 'array', ...query });
  return res.rows;
}

async function single(client) {
  // $1 int8, $2 timestamptz (a Date: pg sends it as local time with offset),
  // $3 text with a quote, $4 numeric as text, $5 float8[] as a JS array.
  out.types = await rows(client, {
    text: 'SELECT $1::int8 + 1, $2::timestamptz, $3::text, $4::numeric, $5::float8[]',
    values: [41, new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), "it's", '12.345', [1.5, -2.25, 1e-7]],
  });
  out.design = await rows(client, { text: designQuery });
  out.param = await rows(client, { text: paramQuery, values: [driver, since] });
  for (let i = 1; i <= 3; i++) {
    // The first run parses "q" on the server; later runs only bind it.
    out[`prepared${i}`] = await rows(client, { name: 'q', text: paramQuery, values: [driver, since] });
  }
  out.online_driver = await rows(client, {
    text: 'SELECT driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips FROM online.driver_hourly_stats WHERE driver_id = $1',
    values: [driver],
  });
  out.online_customer = await rows(client, {
    text: 'SELECT customer_id, event_timestamp, current_balance, avg_spend, lifetime_orders FROM online.customer_profile WHERE customer_id = $1',
    values: [customer],
  });
  try {
    await client.query('SELECT * FROM no_such_table');
    out.error = [['no error']];
  } catch (e) {
    out.error = [[e.code, e.message]];
  }
  out.after_error = await rows(client, { name: 'q', text: paramQuery, values: [driver, since] });
}

async function pooled() {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const runs = [];
  for (let i = 0; i < 8; i++) {
    runs.push(rows(pool, { text: paramQuery, values: [driver, since] }));
  }
  const results = await Promise.all(runs);
  results.forEach((r, i) => { out[`pool${i}`] = r; });
  out.pool_connections = [[pool.totalCount]];
  await pool.end();
}

async function main() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await single(client);
  } finally {
    await client.end();
  }
  await pooled();
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
