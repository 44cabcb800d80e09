#!/usr/bin/env node
// A small MCP server for the tests that, like the code-search servers it stands in for, answers
// only from an index built beforehand in the repository it serves.
//   indexing-server.js index [DIR]   the prepare step: writes DIR/.test-index/symbols.json, a map
//                                    from each `class Name` to "path:line"; exits 3 with the text
//                                    of DIR/unindexable.txt on stderr when that file exists
//   indexing-server.js serve [DIR]   the MCP server (stdio, one JSON-RPC message a line), tool
//                                    find_symbol {name}; an error result while DIR has no index
// DIR defaults to the working directory. With INDEX_STATE set, `index` appends DIR to
// $INDEX_STATE/indexed when it starts, and marks itself in $INDEX_STATE/indexing/<pid> while it
// runs; with INDEX_HOLD set, it first starts a child that ignores SIGTERM (its pid in
// $INDEX_STATE/children) and waits until the file $INDEX_HOLD exists; with INDEX_SLEEP_MS set, it
// takes that long.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const [mode, dirArg] = process.argv.slice(2);
const dir = path.resolve(dirArg || '.');
const indexFile = path.join(dir, '.test-index', 'symbols.json');
const state = process.env.INDEX_STATE;

function files(root, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? rel + '/' + entry.name : entry.name;
    if (entry.name === '.git' || entry.name === '.test-index') continue;
    if (entry.isDirectory()) out.push(...files(root, p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

async function index() {
  if (state) {
    fs.mkdirSync(path.join(state, 'indexing'), { recursive: true });
    fs.appendFileSync(path.join(state, 'indexed'), dir + '\n');
    fs.writeFileSync(path.join(state, 'indexing', String(process.pid)), '');
  }
  const done = () => state && fs.rmSync(path.join(state, 'indexing', String(process.pid)), { force: true });
  if (process.env.INDEX_HOLD) {
    const child = spawn('sh', ['-c', "trap '' TERM; exec sleep 600"], { stdio: 'ignore' });
    if (state) fs.appendFileSync(path.join(state, 'children'), child.pid + '\n');
    console.log('indexing ' + dir + ' (held)');
    while (!fs.existsSync(process.env.INDEX_HOLD)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
  }
  if (process.env.INDEX_SLEEP_MS) await new Promise((r) => setTimeout(r, Number(process.env.INDEX_SLEEP_MS)));
  const broken = path.join(dir, 'unindexable.txt');
  if (fs.existsSync(broken)) {
    console.log('reading ' + dir);
    console.error('cannot index: ' + fs.readFileSync(broken, 'utf8').trim());
    done();
    process.exit(3);
  }
  const symbols = {};
  const all = files(dir);
  for (const file of all) {
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\bclass\s+([A-Za-z_][A-Za-z0-9_]*)/g)) symbols[m[1]] = file + ':' + (i + 1);
    });
  }
  fs.mkdirSync(path.dirname(indexFile), { recursive: true });
  fs.writeFileSync(indexFile, JSON.stringify(symbols));
  console.log('indexed ' + all.length + ' files, ' + Object.keys(symbols).length + ' symbols');
  done();
}

function serve() {
  const reply = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
  const text = (t, isError) => ({ content: [{ type: 'text', text: t }], isError });
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line);
      if (msg.id === undefined) continue; // a notification
      switch (msg.method) {
        case 'initialize':
          reply(msg.id, {
            protocolVersion: (msg.params && msg.params.protocolVersion) || '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'indexing-test-server', version: '1.0.0' },
          });
          break;
        case 'ping':
          reply(msg.id, {});
          break;
        case 'tools/list':
          reply(msg.id, {
            tools: [{
              name: 'find_symbol',
              description: 'Where a class is declared, from the index of the repository',
              inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
            }],
          });
          break;
        case 'tools/call': {
          const name = msg.params && msg.params.arguments && msg.params.arguments.name;
          if (!fs.existsSync(indexFile)) {
            reply(msg.id, text('no index in ' + dir + ': run the prepare step first', true));
          } else {
            const where = JSON.parse(fs.readFileSync(indexFile, 'utf8'))[name];
            reply(msg.id, text(where ? name + ' is declared in ' + where + ' (from the index)' : name + ' is not in the index', !where));
          }
          break;
        }
        default:
          process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no method ' + msg.method } }) + '\n');
      }
    }
  });
}

if (mode === 'index') index().catch((e) => { console.error(String(e)); process.exit(1); });
else if (mode === 'serve') serve();
else { console.error('usage: indexing-server.js index|serve [DIR]'); process.exit(2); }
