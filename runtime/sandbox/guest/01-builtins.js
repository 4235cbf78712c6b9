// Guest prelude, part 1: built-ins captured before user code runs.
//
// The prelude parts (01-… to 06-…) are concatenated into ONE strict function body that
// isolated-vm evaluates with evalClosure before any user code: $0 is the host entry
// (a Reference, kept only in this closure), $1 the manifest JSON (see prelude.ts). The
// body returns the trampoline API as a Reference that only the host holds. Nothing is
// left on the global object except the helper namespaces, so user code never sees a
// Reference. User code may replace globals such as JSON or Object: the runtime keeps the
// originals captured here.
var G = globalThis;
var manifest = JSON.parse($1);
var JSONparse = JSON.parse;
var JSONstringify = JSON.stringify;
var objectKeys = Object.keys;
var objectCreate = Object.create;
var setPrototypeOf = Object.setPrototypeOf;
var defineProperty = Object.defineProperty;
var ObjectProto = Object.prototype;
var hasOwnFn = ObjectProto.hasOwnProperty;
var isArray = Array.isArray;
var apply = Reflect.apply;
var reflectGet = Reflect.get;
var construct = Reflect.construct;
var ErrorCtor = Error;
var StringCtor = String;
var ProxyCtor = Proxy;
var RealDate = Date;
var realNow = Date.now;
var strIndexOf = String.prototype.indexOf;
var strSlice = String.prototype.slice;
var strCharCodeAt = String.prototype.charCodeAt;
var strToLowerCase = String.prototype.toLowerCase;
var strSplit = String.prototype.split;

function hasOwn(o, k) {
  return apply(hasOwnFn, o, [k]);
}

function indexOf(s, sub, from) {
  return apply(strIndexOf, s, [sub, from || 0]);
}

function slice(s, a, b) {
  return apply(strSlice, s, b === undefined ? [a] : [a, b]);
}

function listOf(argsLike) {
  var out = [];
  for (var i = 0; i < argsLike.length; i++) out[i] = argsLike[i];
  return out;
}

// Capabilities scripts have no use for and that could escape the limits (shared memory
// waits, wasm memory) are removed.
delete G.SharedArrayBuffer;
delete G.Atomics;
delete G.WebAssembly;

// "TypeError: message" and "line:col" of a thrown value, never throwing itself (the value
// may be anything: a string, null, an object whose toString throws, a Proxy …).
function describeThrown(e) {
  var text;
  try {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      var m = e.message;
      var n = e.name;
      text = typeof m === 'string' ? (typeof n === 'string' && n ? n + ': ' : '') + m : StringCtor(e);
    } else {
      text = StringCtor(e);
    }
  } catch (x) {
    text = 'a value that cannot be printed was thrown';
  }
  if (typeof text !== 'string') text = 'a value that cannot be printed was thrown';
  if (text.length > 2000) text = slice(text, 0, 2000) + '…';
  return [text, locationOf(e)];
}

function locationOf(e) {
  try {
    var st = e !== null && typeof e === 'object' ? e.stack : undefined;
    if (typeof st !== 'string') return '';
    var key = manifest.filename + ':';
    var at = indexOf(st, key);
    if (at < 0) return '';
    var i = at + key.length;
    var j = i;
    while (j < st.length && ((apply(strCharCodeAt, st, [j]) >= 48 && apply(strCharCodeAt, st, [j]) <= 57) || st[j] === ':')) j++;
    var loc = slice(st, i, j);
    return loc.length > 2 && loc[loc.length - 1] !== ':' ? loc : '';
  } catch (x) {
    return '';
  }
}
