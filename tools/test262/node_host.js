// node_host.js - runs test262 files under node with rondo's engine contract, so that
// tools/test262/run.py can be checked against a mature engine:
//   node tools/test262/node_host.js --test262 [--module] [--use-strict] HARNESS... TEST
// Invariant (the contract of docs/test262.md): harness files run as global scripts of one
// fresh realm, then the test (a script, strict with --use-strict, or a module with --module);
// the job queue runs to empty; an uncaught exception or early error prints
// "Uncaught <Name>: <message>" as the first line of stderr and exits 1; otherwise exit 0.
// The test realm is node's main context (a real global object); $262.createRealm makes
// vm contexts. Modules and dynamic import() need vm.SourceTextModule, which node only has
// under --experimental-vm-modules; without it such tests fail with "Uncaught Unsupported".
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');
const v8 = require('v8');
const { performance } = require('perf_hooks');
const { Worker, MessageChannel, receiveMessageOnPort } = require('worker_threads');

const HAS_MODULES = typeof vm.SourceTextModule === 'function';

// Real garbage collection for $262.gc: --expose-gc applies to contexts made afterwards.
let collect = () => {};
try {
  v8.setFlagsFromString('--expose-gc');
  collect = vm.runInNewContext('gc');
} catch (e) { /* keep the no-op */ }

// Writes the "Uncaught <Name>: <message>" line of the contract and exits with status 1.
function reportUncaught(e) {
  let line;
  try {
    if ((typeof e === 'object' && e !== null) || typeof e === 'function') {
      let name;
      try {
        const ctor = e.constructor;
        if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name) name = ctor.name;
      } catch (_) { /* an accessor that throws: fall back to e.name */ }
      if (!name) name = String(e.name || 'Error');
      let message = '';
      try { message = e.message === undefined ? '' : String(e.message); } catch (_) { /* none */ }
      line = 'Uncaught ' + name + ': ' + message;
    } else {
      line = 'Uncaught ' + String(e);
    }
  } catch (_) {
    line = 'Uncaught Error: (unprintable exception)';
  }
  fs.writeSync(2, line.split('\n')[0] + '\n');
  process.exit(1);
}

class Unsupported extends Error {}

function print(value) {
  fs.writeSync(1, String(value) + '\n');
}

function defineHidden(obj, name, value) {
  Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: false });
}

// ---------------------------------------------------------------------------------------
// Agents ($262.agent): worker threads; broadcasts go over MessagePorts, reports come back
// through ports read synchronously with receiveMessageOnPort.
// ---------------------------------------------------------------------------------------

const AGENT_SOURCE = `
'use strict';
const vm = require('vm');
const { workerData } = require('worker_threads');
const { src, port, started, received } = workerData;
const { performance } = require('perf_hooks');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let onBroadcast = null;
port.on('message', (msg) => {
  Atomics.add(received, 0, 1);
  Atomics.notify(received, 0);
  if (onBroadcast) onBroadcast(msg.sab, msg.id);
});
const agent = {
  receiveBroadcast(cb) { onBroadcast = cb; },
  report(value) { port.postMessage(String(value)); },
  sleep(ms) { Atomics.wait(sleeper, 0, 0, Number(ms)); },
  leaving() { port.unref(); },
  monotonicNow() { return performance.now(); },
};
Object.defineProperty(globalThis, '$262', { value: { agent }, writable: true, configurable: true });
Atomics.store(started, 0, 1);
Atomics.notify(started, 0);
try {
  vm.runInThisContext(src, { filename: 'agent.js' });
} catch (e) {
  process.stderr.write('agent: ' + e + '\\n');
}
`;

const agents = [];
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function makeAgent() {
  return {
    start(src) {
      const { port1, port2 } = new MessageChannel();
      const started = new Int32Array(new SharedArrayBuffer(4));
      const received = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(AGENT_SOURCE, {
        eval: true,
        workerData: { src: String(src), port: port2, started, received },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      Atomics.wait(started, 0, 0, 10000);
      agents.push({ worker, port: port1, received });
    },
    broadcast(sab, id) {
      for (const a of agents) a.port.postMessage({ sab, id });
      for (const a of agents) {
        while (Atomics.load(a.received, 0) === 0) Atomics.wait(a.received, 0, 0, 100);
        Atomics.sub(a.received, 0, 1);
      }
    },
    getReport() {
      for (const a of agents) {
        const m = receiveMessageOnPort(a.port);
        if (m) return m.message;
      }
      return null;
    },
    sleep(ms) { Atomics.wait(sleeper, 0, 0, Number(ms)); },
    monotonicNow() { return performance.now(); },
  };
}

// ---------------------------------------------------------------------------------------
// Realms and modules
// ---------------------------------------------------------------------------------------

// One realm: `context` is null for node's main context. Holds its module map.
class Realm {
  constructor(context) {
    this.context = context;
    this.global = context ? vm.runInContext('this', context) : globalThis;
    this.modules = new Map();
    this.loading = new Map();
    const $262 = context ? vm.runInContext('({})', context) : {};
    Object.assign($262, {
      global: this.global,
      gc: collect,
      createRealm: () => new Realm(vm.createContext()).$262,
      evalScript: (src) => this.evalScript(String(src)),
      detachArrayBuffer: (buf) => { structuredClone(buf, { transfer: [buf] }); return null; },
      agent: makeAgent(),
    });
    this.$262 = $262;
    defineHidden(this.global, '$262', $262);
    defineHidden(this.global, 'print', print);
  }

  // Compiles a script; compile errors become this realm's SyntaxError when it is not main.
  compile(source, filename) {
    const options = { filename };
    if (HAS_MODULES) {
      options.importModuleDynamically = (spec, _script, attrs) =>
        this.importDynamic(spec, filename, attrs);
    }
    try {
      return new vm.Script(source, options);
    } catch (e) {
      if (this.context && e instanceof SyntaxError) {
        const RealmSyntaxError = vm.runInContext('SyntaxError', this.context);
        throw new RealmSyntaxError(e.message);
      }
      throw e;
    }
  }

  run(script) {
    return this.context ? script.runInContext(this.context) : script.runInThisContext();
  }

  evalScript(source) {
    return this.run(this.compile(source, 'evalScript.js'));
  }

  // The module record of `file` in this realm (cached), loading JSON as a synthetic module.
  loadModule(file, attrs, strictPrefix) {
    let m = this.modules.get(file);
    if (m) return m;
    const ctx = this.context ? { context: this.context } : {};
    const type = attrs && attrs.type;
    if (type === 'json' || (!type && file.endsWith('.json'))) {
      const text = fs.readFileSync(file, 'utf8');
      const value = JSON.parse(text);
      m = new vm.SyntheticModule(['default'], function () { this.setExport('default', value); },
                                 { identifier: file, ...ctx });
    } else if (type) {
      throw new TypeError('unsupported import attribute type: ' + type);
    } else {
      const source = (strictPrefix || '') + fs.readFileSync(file, 'utf8');
      m = new vm.SourceTextModule(source, {
        identifier: file,
        ...ctx,
        initializeImportMeta: () => {},
        importModuleDynamically: (spec, _mod, a) => this.importDynamic(spec, file, a),
      });
    }
    this.modules.set(file, m);
    return m;
  }

  linker() {
    return (spec, referrer, extra) => {
      const attrs = (extra && (extra.attributes || extra.assert)) || {};
      return this.loadModule(path.resolve(path.dirname(referrer.identifier), spec), attrs);
    };
  }

  // import(): links and evaluates the module once; concurrent imports share that work.
  importDynamic(spec, referrerFile, attrs) {
    const file = path.resolve(path.dirname(referrerFile), String(spec));
    const m = this.loadModule(file, attrs || {});
    let done = this.loading.get(m);
    if (!done) {
      done = (async () => {
        if (m.status === 'unlinked') await m.link(this.linker());
        if (m.status === 'linked') await m.evaluate();
        else if (m.status === 'errored') throw m.error;
        return m;
      })();
      this.loading.set(m, done);
    }
    return done;
  }

  async runModule(file) {
    const m = this.loadModule(file, {});
    const done = (async () => {
      await m.link(this.linker());
      await m.evaluate();
      return m;
    })();
    this.loading.set(m, done);
    await done;
  }
}

async function main(argv) {
  const files = [];
  let isModule = false;
  let strict = false;
  for (const a of argv) {
    if (a === '--test262') continue;
    else if (a === '--module') isModule = true;
    else if (a === '--use-strict') strict = true;
    else files.push(a);
  }
  if (files.length === 0) {
    fs.writeSync(2, 'usage: node node_host.js --test262 [--module] [--use-strict] FILE...\n');
    process.exit(2);
  }
  process.on('unhandledRejection', () => {});
  process.on('uncaughtException', reportUncaught);
  const realm = new Realm(null);
  const test = path.resolve(files.pop());
  for (const f of files) {
    realm.run(realm.compile(fs.readFileSync(f, 'utf8'), path.resolve(f)));
  }
  if (isModule) {
    if (!HAS_MODULES) {
      throw new Unsupported('no vm.SourceTextModule (run node with --experimental-vm-modules)');
    }
    await realm.runModule(test);
  } else {
    const source = (strict ? '"use strict";\n' : '') + fs.readFileSync(test, 'utf8');
    realm.run(realm.compile(source, test));
  }
}

main(process.argv.slice(2)).catch(reportUncaught);
