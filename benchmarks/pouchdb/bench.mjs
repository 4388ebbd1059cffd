// PouchDB replication baseline for issue 3: PouchDB 9 (client, LevelDB on disk) against
// pouchdb-server (a child process, LevelDB on disk), on loopback.
//
//   node bench.mjs [--docs 5000] [--changed 50] [--push 1000] [--rounds 3] [--seed 1] [--keep]
//
// Measures, timing only the PouchDB.replicate() call itself:
//   1. initial pull of all docs into a fresh on-disk client database;
//   2. `--changed` docs edited on the server, pulled by that client (median of --rounds);
//   3. a no-op pull (median of --rounds);
//   4. `--push` new docs written to the client with bulkDocs, then pushed local -> remote.
// Prints a table, then one line of JSON with the figures.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import PouchDB from 'pouchdb';

import { makeCase } from './cases.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const opts = { docs: 5000, changed: 50, push: 1000, rounds: 3, seed: 1, keep: false, batchSize: 100 };
  const names = { '--docs': 'docs', '--changed': 'changed', '--push': 'push', '--rounds': 'rounds',
    '--seed': 'seed', '--batch-size': 'batchSize' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') { opts.keep = true; continue; }
    if (a === '-h' || a === '--help') {
      console.log('usage: node bench.mjs [--docs 5000] [--changed 50] [--push 1000] [--rounds 3] [--seed 1] '
        + '[--batch-size 100] [--keep]');
      process.exit(0);
    }
    const [flag, inline] = a.split('=', 2);
    if (!(flag in names)) throw new Error(`unknown argument ${a}`);
    const value = inline ?? argv[++i];
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${value}`);
    opts[names[flag]] = n;
  }
  if (opts.docs < opts.changed * opts.rounds) throw new Error('--docs must be at least --changed x --rounds');
  return opts;
}

const say = (text) => process.stderr.write(`${text}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmtS = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function versionOf(name, from = HERE) {
  try {
    const req = createRequire(path.join(from, 'noop.js'));
    return JSON.parse(fs.readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version;
  } catch { return null; }
}

/** CPU seconds used so far by process `pid` (Linux /proc), to split the time between the two ends. */
function processCpu(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ = 100 on Linux
  } catch { return 0; }
}

class Server {
  constructor(dir) { this.dir = dir; this.proc = null; this.url = null; }

  async start() {
    fs.mkdirSync(this.dir, { recursive: true });
    const port = await freePort();
    const bin = path.join(path.dirname(require.resolve('pouchdb-server/package.json')), 'bin', 'pouchdb-server');
    const out = fs.openSync(path.join(this.dir, 'stdout.log'), 'a');
    // Defaults of pouchdb-server (LevelDOWN on disk, its request log in log.txt), except that the log is
    // not echoed to stdout (-n) and the data and config live in this run's folder.
    this.proc = spawn(process.execPath, [bin, '--port', String(port), '--host', '127.0.0.1', '--dir', this.dir,
      '--config', path.join(this.dir, 'config.json'), '--no-stdout-logs'],
    { cwd: this.dir, stdio: ['ignore', out, out] });
    this.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30000;
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`pouchdb-server exited (${this.proc.exitCode}), see ${this.dir}/stdout.log`);
      try {
        const res = await fetch(`${this.url}/`);
        if (res.ok) { this.welcome = await res.json(); return; }
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error('pouchdb-server did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  cpu() { return this.proc ? processCpu(this.proc.pid) : 0; }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  }
}

/** An http.Agent (keep-alive, as Node 20's global agent) that remembers its sockets to count wire bytes. */
function countingAgent() {
  const agent = new http.Agent({ keepAlive: true });
  const sockets = [];
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (...args) => { const s = create(...args); sockets.push(s); return s; };
  agent.bytes = () => sockets.reduce((acc, s) => {
    acc.sent += s.bytesWritten || 0; acc.received += s.bytesRead || 0; return acc;
  }, { sent: 0, received: 0 });
  return agent;
}

/** A client: a remote handle through a counting agent, and its local on-disk LevelDB database. */
function remoteHandle(url, agent) {
  return new PouchDB(url, { fetch: (u, o) => PouchDB.fetch(u, { ...o, agent }) });
}

async function timed(server, agent, fn) {
  const bytes0 = agent.bytes();
  const srv0 = server.cpu();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const bytes1 = agent.bytes();
  return {
    seconds, result,
    clientCpu: (cpu.user + cpu.system) / 1e6,
    serverCpu: server.cpu() - srv0,
    sent: bytes1.sent - bytes0.sent,
    received: bytes1.received - bytes0.received,
  };
}

function replicate(source, target, opts) {
  return PouchDB.replicate(source, target, { batch_size: opts.batchSize });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poruch-bench-pouchdb-'));
  const server = new Server(path.join(work, 'server'));
  const load0 = os.loadavg()[0];
  const rows = [];
  const extra = {};
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      if (server.proc && server.proc.exitCode === null) server.proc.kill('SIGTERM');
      if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  }
  say(`pouchdb-server in a child process, ${opts.docs} docs, work dir ${work}`);
  try {
    await server.start();
    const dbUrl = `${server.url}/cases`;

    // Seed through a separate handle (not timed, not counted).
    say('seeding…');
    const seeder = new PouchDB(dbUrl);
    let bytes = 0;
    let chars = 0;
    const t0 = Date.now();
    for (let start = 0; start < opts.docs; start += 500) {
      const batch = [];
      for (let i = start; i < Math.min(start + 500, opts.docs); i++) {
        const doc = makeCase(i, opts.seed);
        const json = JSON.stringify(doc);
        bytes += Buffer.byteLength(json);
        chars += json.length;
        batch.push(doc);
      }
      const res = await seeder.bulkDocs(batch);
      const bad = res.find((r) => r.error);
      if (bad) throw new Error(`seeding failed: ${JSON.stringify(bad)}`);
    }
    extra.seed_s = (Date.now() - t0) / 1000;
    extra.doc_json_bytes_avg = round(bytes / opts.docs, 1);
    extra.doc_json_chars_avg = round(chars / opts.docs, 1);
    say(`seeded ${opts.docs} docs (average ${extra.doc_json_bytes_avg.toFixed(0)} bytes of JSON, UTF-8) in ${extra.seed_s.toFixed(1)} s`);

    // 1. Initial pull into a fresh on-disk client.
    say('initial pull…');
    const agent = countingAgent();
    const remote = remoteHandle(dbUrl, agent);
    const local = new PouchDB(path.join(work, 'client'));
    await local.info(); // open the LevelDB store before the clock starts
    await remote.info(); // and the remote handle's setup request
    let m = await timed(server, agent, () => replicate(remote, local, opts));
    const info = await local.info();
    if (info.doc_count !== opts.docs) throw new Error(`client has ${info.doc_count} docs, expected ${opts.docs}`);
    rows.push({ key: 'initial', what: `initial pull of ${opts.docs} docs (fresh on-disk client)`, ...m,
      docs: m.result.docs_written, note: `${Math.round(m.result.docs_written / m.seconds).toLocaleString('en')} docs/s` });

    // 2. Docs edited on the server side, pulled by the client that has everything.
    say('incremental…');
    const stride = Math.max(1, Math.floor(opts.docs / opts.changed));
    const incr = [];
    for (let r = 0; r < opts.rounds; r++) {
      const ids = Array.from({ length: opts.changed }, (_, j) => makeCase((j * stride + r) % opts.docs, opts.seed)._id);
      const got = await seeder.allDocs({ keys: ids, include_docs: true });
      const edited = got.rows.map((row, j) => ({ ...row.doc, status: 'in_progress', notes: `Перевірено, раунд ${r}, ${j}`,
        updated_at: new Date(Date.UTC(2025, 0, 1 + r)).toISOString() }));
      const res = await seeder.bulkDocs(edited);
      if (res.some((x) => x.error)) throw new Error('editing on the server failed');
      m = await timed(server, agent, () => replicate(remote, local, opts));
      if (m.result.docs_written !== opts.changed) throw new Error(`incremental pulled ${m.result.docs_written} docs, expected ${opts.changed}`);
      incr.push(m);
    }
    rows.push(summarize('incremental', `incremental: ${opts.changed} docs edited on the server`, incr));

    // 3. Nothing to do.
    say('no-op…');
    const noop = [];
    for (let r = 0; r < opts.rounds; r++) {
      m = await timed(server, agent, () => replicate(remote, local, opts));
      if (m.result.docs_written !== 0) throw new Error('no-op replication wrote documents');
      noop.push(m);
    }
    rows.push(summarize('noop', 'no-op pull', noop));

    // 4. New docs written on the client, pushed. The first push of this client (nothing new to send, but
    //    PouchDB has no push checkpoint yet, so it walks the whole local changes feed and asks _revs_diff
    //    about every pulled doc) is done first and reported apart: the timed push is the steady state.
    say(`push of ${opts.push} docs…`);
    const first = await timed(server, agent, () => replicate(local, remote, opts));
    extra.first_push_nothing_new_s = round(first.seconds);
    const fresh = Array.from({ length: opts.push }, (_, i) => makeCase(opts.docs + i, opts.seed));
    const written = await local.bulkDocs(fresh);
    if (written.some((x) => x.error)) throw new Error('bulkDocs on the client failed');
    m = await timed(server, agent, () => replicate(local, remote, opts));
    if (m.result.docs_written !== opts.push) throw new Error(`pushed ${m.result.docs_written} docs, expected ${opts.push}`);
    const remoteInfo = await seeder.info();
    if (remoteInfo.doc_count !== opts.docs + opts.push) throw new Error(`server has ${remoteInfo.doc_count} docs`);
    rows.push({ key: 'push', what: `push of ${opts.push} new docs (bulkDocs on the client, then replicate)`, ...m,
      docs: m.result.docs_written, note: `${Math.round(m.result.docs_written / m.seconds).toLocaleString('en')} docs/s` });

    await local.close();
    await remote.close();
    await seeder.close();
    agent.destroy();
  } finally {
    await server.stop();
    if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
    else say(`kept ${work}`);
  }
  report(opts, rows, extra, load0, server);
}

function summarize(key, what, runs) {
  const mid = runs.map((r) => r.seconds);
  const pick = (f) => median(runs.map(f));
  return { key, what, seconds: median(mid), runs: mid, clientCpu: pick((r) => r.clientCpu), serverCpu: pick((r) => r.serverCpu),
    sent: pick((r) => r.sent), received: pick((r) => r.received), docs: runs[runs.length - 1].result.docs_written,
    note: `median of ${runs.length}: ${mid.map(fmtS).join(', ')}` };
}

function report(opts, rows, extra, load0, server) {
  const serverDir = path.dirname(require.resolve('pouchdb-server/package.json'));
  const levelAdapterDir = path.dirname(createRequire(path.join(serverDir, 'x.js')).resolve('pouchdb-adapter-leveldb/package.json'));
  const versions = {
    node: process.version,
    pouchdb: versionOf('pouchdb'),
    'pouchdb-server': versionOf('pouchdb-server'),
    'express-pouchdb': versionOf('express-pouchdb', serverDir),
    'pouchdb-core (server)': versionOf('pouchdb-core', serverDir),
    'leveldown (client)': versionOf('leveldown', path.dirname(require.resolve('pouchdb/package.json'))),
    'leveldown (server)': versionOf('leveldown', levelAdapterDir),
  };
  const load = os.loadavg()[0];
  console.log(`\nPouchDB replication baseline — loopback, ${opts.docs} docs of ${extra.doc_json_bytes_avg.toFixed(0)} bytes `
    + `of JSON on average (${extra.doc_json_chars_avg.toFixed(0)} characters); load average ${load0.toFixed(2)} at the start, `
    + `${load.toFixed(2)} at the end; batch_size ${opts.batchSize}`);
  console.log(`client: PouchDB ${versions.pouchdb} (leveldb adapter, leveldown ${versions['leveldown (client)']}, on disk) in this process; `
    + `server: pouchdb-server ${versions['pouchdb-server']} (pouchdb-core ${versions['pouchdb-core (server)']}, leveldown `
    + `${versions['leveldown (server)']}, on disk) in a child process; ${versions.node}\n`);
  const head = `${'measure'.padEnd(62)} ${'time'.padStart(8)} ${'client CPU'.padStart(10)} ${'server CPU'.padStart(10)} `
    + `${'sent'.padStart(9)} ${'received'.padStart(10)}  notes`;
  console.log(head);
  console.log('-'.repeat(head.length + 20));
  const results = {};
  for (const row of rows) {
    results[row.key] = { seconds: round(row.seconds), runs: row.runs ? row.runs.map((x) => round(x)) : undefined,
      docs: row.docs, client_cpu_s: round(row.clientCpu, 3), server_cpu_s: round(row.serverCpu, 3),
      bytes_sent: row.sent, bytes_received: row.received };
    console.log(`${row.what.padEnd(62)} ${fmtS(row.seconds).padStart(8)} ${fmtS(row.clientCpu).padStart(10)} `
      + `${fmtS(row.serverCpu).padStart(10)} ${(row.sent / 1e6).toFixed(2).padStart(7)}MB ${(row.received / 1e6).toFixed(2).padStart(8)}MB  ${row.note}`);
  }
  console.log(`\n(not timed: seeding ${extra.seed_s.toFixed(1)} s; the client's first push with nothing new to send, `
    + `before the timed push: ${fmtS(extra.first_push_nothing_new_s)})`);
  console.log('bytes: whole HTTP traffic on the client\'s sockets (headers included, gzip where the server compresses); '
    + 'CPU: this process during the call, and the pouchdb-server process (from /proc, 10 ms ticks)');
  console.log(JSON.stringify({
    benchmark: 'pouchdb-baseline', docs: opts.docs, changed: opts.changed, push: opts.push, rounds: opts.rounds,
    batch_size: opts.batchSize, doc_json_bytes_avg: extra.doc_json_bytes_avg, doc_json_chars_avg: extra.doc_json_chars_avg,
    results, first_push_nothing_new_s: extra.first_push_nothing_new_s, seed_s: round(extra.seed_s, 2),
    storage: { client: 'PouchDB leveldb adapter (LevelDOWN), on disk, in the benchmark process',
      server: 'pouchdb-server default LevelDOWN backend, on disk, child process' },
    versions, loadavg_start: round(load0, 2), loadavg: round(load, 2), date: new Date().toISOString(),
  }));
}

main().catch((err) => { console.error(err); process.exit(1); });
