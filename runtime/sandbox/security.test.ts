/**
 * Hostile scripts, table-driven. Each runs beside a well-behaved sibling that counts items;
 * for every case the sibling must see every item, the host must be untouched, and the
 * hostile script must be contained — failing to load, logging a clear error, quarantined,
 * rebuilt, or merely harming itself — as each row states.
 */
import test from 'ava';
import { harness } from '../testing/harness.ts';
import { mixedHttpItems } from '../testing/items.ts';
import type { ScriptState } from './stats.ts';

interface Case {
  name: string;
  code: string;
  /** Acceptable end states of the hostile script. */
  state: ScriptState[];
  /** Every pattern must match some console line of the hostile script. */
  console?: RegExp[];
}

const SIBLING = `var n = 0; function onItemCaptured(d) { n++; } function onHubAction(a) { if (a === 'count') console.log(n); }`;
const ITEMS = 20;

/** Reports, on the hostile script's console, whether any global (or helper namespace member) is a host Reference. */
const REFERENCE_SCAN = `var found = [];
function scan(o, path, depth) {
  if (depth > 3 || o === null || (typeof o !== 'object' && typeof o !== 'function')) return;
  var names = Object.getOwnPropertyNames(o);
  for (var i = 0; i < names.length; i++) {
    var v; try { v = o[names[i]]; } catch (e) { continue; }
    if (v && (typeof v === 'object' || typeof v === 'function') && (typeof v.applySync === 'function' || typeof v.derefInto === 'function' || typeof v.copyInto === 'function')) found.push(path + '.' + names[i]);
    if (depth < 3 && /^(console|jobs|scheduler|kfl|hub|utils|wrapper|test|env)$/.test(names[i])) scan(v, path + '.' + names[i], depth + 1);
  }
}
scan(globalThis, 'globalThis', 0);
console.log('references: ' + found.length + ' ' + JSON.stringify([typeof $0, typeof $1, typeof entry, typeof hostCall, typeof manifest, typeof fns]));`;

const cases: Case[] = [
  { name: 'process.exit at top level', code: `process.exit(1);`, state: ['failed'], console: [/^\(load\) ReferenceError: process is not defined at 1:1$/] },
  { name: 'require("fs")', code: `var fs = require("fs"); fs.writeFileSync("/tmp/pwned", "x");`, state: ['failed'], console: [/require is not defined/] },
  { name: 'this.constructor.constructor("return process")()', code: `var p = this.constructor.constructor("return process")(); p.exit(1);`, state: ['failed'], console: [/process is not defined/] },
  { name: 'Function("return this")() is the sandbox global', code: `var g = Function("return this")(); console.log(typeof g.process, typeof g.require, g === globalThis);`, state: ['running'], console: [/^undefined undefined true$/] },
  { name: 'eval of host names', code: `console.log(eval("typeof process + typeof module + typeof global + typeof Buffer"));`, state: ['running'], console: [/^undefinedundefinedundefinedundefined$/] },
  { name: 'no Reference or bootstrap name reachable from globals', code: REFERENCE_SCAN, state: ['running'], console: [/^references: 0 \["undefined","undefined","undefined","undefined","undefined","undefined"\]$/] },
  { name: 'helper constructor chain stays in the sandbox', code: `var F = console.log.constructor; try { F("return process")(); } catch (e) { console.log(e.name); } console.log(typeof jobs.schedule.constructor("return this")().require);`, state: ['running'], console: [/^ReferenceError$/, /^undefined$/] },
  {
    name: 'Error.prepareStackTrace cannot reach runtime functions',
    code: `var leaked = 0; Error.prepareStackTrace = function (e, frames) { frames.forEach(function (f) { if (f.getFunction && f.getFunction() && f.getFunction() !== onItemCaptured) leaked++; if (f.getThis && f.getThis() && f.getThis() !== globalThis) leaked++; }); return "hacked stack"; };
function onItemCaptured(d) { throw new Error("boom " + leaked); }`,
    state: ['running', 'quarantined'],
    console: [/^\(hook=onItemCaptured\) Error: boom 0$/],
  },
  {
    name: 'Error.prepareStackTrace that throws',
    code: `Error.prepareStackTrace = function () { throw new Error("no stack for you"); }; function onItemCaptured(d) { null.x; }`,
    state: ['running', 'quarantined'],
    console: [/^\(hook=onItemCaptured\) TypeError: Cannot read properties of null/],
  },
  { name: 'Symbol.hasInstance on Error and a throwing Symbol.toPrimitive', code: `Object.defineProperty(Error, Symbol.hasInstance, { value: function () { throw 1; } }); function onItemCaptured(d) { var o = {}; o[Symbol.toPrimitive] = function () { throw new Error("prim"); }; o.message = undefined; throw o; }`, state: ['running', 'quarantined'], console: [/^\(hook=onItemCaptured\) (a value that cannot be printed was thrown|Error: prim)/] },
  { name: 'Proxy replacing a helper namespace', code: `console = new Proxy({}, { get: function () { throw new Error("trap"); } }); function onItemCaptured(d) { console.log("x"); }`, state: ['running', 'quarantined'], console: [/^\(hook=onItemCaptured\) Error: trap/] },
  { name: 'Proxy as a helper argument', code: `var p = new Proxy({}, { get: function () { throw new Error("arg trap"); }, ownKeys: function () { throw new Error("keys trap"); } }); try { hub.action("x", p); } catch (e) { console.log("caught", e.message); }`, state: ['running'], console: [/^caught (arg|keys) trap$/] },
  { name: 'infinite loop in a hook', code: `function onItemCaptured(d) { while (true) {} }`, state: ['quarantined'], console: [/^\(hook=onItemCaptured\) interrupted: ran longer than 100 ms$/, /^quarantined: 3 consecutive failed calls/] },
  { name: 'infinite loop at top level', code: `for (;;) {}`, state: ['failed'], console: [/^\(load\) top-level code ran longer than 1000 ms$/] },
  { name: 'memory bomb in a hook', code: `var a = []; function onItemCaptured(d) { for (;;) a.push(new Array(1e5).fill(d.id)); }`, state: ['quarantined', 'running'], console: [/used more than the 16 MB memory limit/] },
  { name: 'memory bomb at top level', code: `var s = "x"; for (;;) s = s + s;`, state: ['failed'], console: [/^\(load\) (top-level code used more than the 16 MB memory limit|RangeError: Invalid string length)/] },
  { name: 'deep recursion in a hook', code: `function f(n) { return f(n + 1) + 1; } function onItemCaptured(d) { f(0); }`, state: ['quarantined', 'running'], console: [/^\(hook=onItemCaptured\) RangeError: Maximum call stack size exceeded/] },
  { name: 'deep recursion at top level', code: `(function f() { f(); })();`, state: ['failed'], console: [/^\(load\) RangeError: Maximum call stack size exceeded/] },
  { name: 'huge console output', code: `var line = new Array(2000).join("y"); for (var i = 0; i < 5000; i++) console.log(i + line); function onItemCaptured(d) { console.log(new Array(1e6).join("z")); }`, state: ['running', 'quarantined'], console: [/^4999y+$/, /^z{100,}…$/] },
  { name: 'a sync helper called a million times', code: `var errors = 0; function onItemCaptured(d) { for (var i = 0; i < 1e6; i++) { try { utils.nodeName(); } catch (e) { errors++; } } } function onHubAction() { console.log("errors " + errors); }`, state: ['running', 'quarantined'] },
  { name: 'throwing a string', code: `function onItemCaptured(d) { throw "plain string"; }`, state: ['quarantined'], console: [/^\(hook=onItemCaptured\) plain string$/] },
  { name: 'throwing null and undefined', code: `var k = 0; function onItemCaptured(d) { k++; if (k % 2) throw null; throw undefined; }`, state: ['quarantined'], console: [/^\(hook=onItemCaptured\) null$/, /^\(hook=onItemCaptured\) undefined$/] },
  { name: 'throwing an object whose toString and message throw', code: `function onItemCaptured(d) { throw { get message() { throw new Error("m"); }, toString: function () { throw new Error("t"); } }; }`, state: ['quarantined'], console: [/^\(hook=onItemCaptured\) a value that cannot be printed was thrown$/] },
  { name: 'throwing a Proxy that throws on every trap', code: `function onItemCaptured(d) { throw new Proxy({}, { get: function () { throw 1; }, getPrototypeOf: function () { throw 2; } }); }`, state: ['quarantined'], console: [/^\(hook=onItemCaptured\) a value that cannot be printed was thrown$/] },
  {
    name: 'replacing JSON, Object and Array built-ins',
    code: `var n = 0; JSON.parse = function () { throw new Error("no parse"); }; JSON.stringify = function () { return "[]"; }; Object.keys = function () { return []; }; Object.setPrototypeOf = function () { throw 1; }; Reflect.apply = null; Array.isArray = function () { return false; };
function onItemCaptured(d) { n++; } function onHubAction(a) { if (a === 'count') console.log("hostile saw " + n + " " + d0); } var d0 = typeof Date;`,
    state: ['running'],
    console: [/^hostile saw 20 function$/],
  },
  { name: 'mutating helper namespaces', code: `jobs = 5; console.log = null; kfl.match = function () { return true; }; delete globalThis.hub; function onItemCaptured(d) { if (hub) {} }`, state: ['quarantined'], console: [/^\(hook=onItemCaptured\) ReferenceError: hub is not defined/] },
  { name: 'polluting Object.prototype and Array.prototype', code: `Object.prototype.toJSON = function () { return "hacked"; }; Object.defineProperty(Array.prototype, "0", { set: function () { throw new Error("setter"); }, configurable: true }); function onItemCaptured(d) { throw new Error("after pollution"); }`, state: ['running', 'quarantined', 'failed'] },
  { name: 'a getter named like a hook', code: `Object.defineProperty(globalThis, "onItemCaptured", { get: function () { throw new Error("getter"); } });`, state: ['running'] },
  { name: 'WebAssembly, SharedArrayBuffer and Atomics are gone', code: `console.log(typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics);`, state: ['running'], console: [/^undefined undefined undefined$/] },
  { name: 'forged function handle', code: `jobs.schedule("forged", "* * * * * *", { $fn: 99999 }); jobs.schedule("forged2", "* * * * * *", { $fn: -1 });`, state: ['failed'], console: [/argument 3 \(fn\) must be a function/] },
  { name: '__proto__ in helper arguments does not pollute the host', code: `hub.action("pp", JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')); function onHubAction(a, o) { console.log(a, JSON.stringify(o)); }`, state: ['running'], console: [/^pp \{"__proto__":\{"polluted":true\},"constructor":\{"prototype":\{"polluted":true\}\}\}$/] },
  { name: 'cyclic helper argument', code: `var o = {}; o.self = o; try { hub.action("c", o); } catch (e) { console.log(e.constructor.name, /circular/.test(e.message)); }`, state: ['running'], console: [/^TypeError true$/] },
  { name: 'onItemQueried returning a cyclic object', code: `function onItemQueried(d) { d.self = d; return d; }`, state: ['running'] },
  { name: 're-entrancy: a job that runs itself and a setTimeout(0) chain', code: `var runs = 0; jobs.schedule("again", "@every 1s", function () { runs++; jobs.run("again"); jobs.runAll(); }); var t = 0; function chain() { t++; setTimeout(chain, 0); } chain(); function onHubAction(a) { if (a === 'count') console.log("runs>0", runs > 0, "chain>0", t > 0); }`, state: ['running'], console: [/^runs>0 true chain>0 true$/] },
  { name: 'hub.action ping-pong through onHubAction', code: `function onHubAction(a, o) { if (a === "ping") hub.action("ping", (o || 0) + 1); } hub.action("ping", 0);`, state: ['running', 'quarantined'], console: [/actions nested 8 levels deep/] },
  { name: 'huge string argument to a helper', code: `function onItemCaptured(d) { var s = new Array(4e6).join("q"); utils.json2Yaml(JSON.stringify({ s: s })); }`, state: ['running', 'quarantined'] },
];

for (const c of cases) {
  test(`hostile: ${c.name}`, async (t) => {
    const h = await harness(
      { 'hostile.js': c.code, 'sibling.js': SIBLING },
      {
        limits: { timeoutMs: 100, loadTimeoutMs: 1000, maxConsecutiveFailures: 3, memoryMb: 16, consoleLines: 200 },
        // The sibling's own limit is generous: a loaded machine must not make it time out.
        config: (cfg) => (cfg.scripting.overrides['sibling.js'] = { timeoutMs: 5000 }),
      },
    );
    await h.items(mixedHttpItems(ITEMS));
    await h.advance(2000);
    await h.rt.dispatcher.queryItem(mixedHttpItems(1)[0]);
    await h.rt.dispatcher.invokeHook('onHubAction', ['count', null]);
    t.deepEqual(h.lines('sibling.js'), [String(ITEMS)], 'the sibling saw every item');
    const hostile = [...h.rt.dispatcher.list(), h.sandboxes['hostile.js']].filter((s) => s.id === 'hostile.js').at(0)!;
    t.true(c.state.includes(hostile.state), `state ${hostile.state}; console: ${h.lines('hostile.js').slice(0, 5).map((l) => l.slice(0, 160)).join(' | ')}`);
    const lines = h.lines('hostile.js');
    for (const re of c.console ?? []) t.true(lines.some((l) => re.test(l)), `${re} in ${JSON.stringify(lines.slice(0, 6).map((l) => l.slice(0, 160)))}`);
    t.is(({} as Record<string, unknown>).polluted, undefined);
    t.is(typeof process.exit, 'function');
    h.stop();
  });
}

test('the suite has at least 30 hostile scripts', (t) => {
  t.true(cases.length >= 30);
});
