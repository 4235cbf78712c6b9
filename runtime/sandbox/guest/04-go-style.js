// Guest prelude, part 4: Go-style property names on received data (SCRIPT-API.md §1).
//
// Objects a script receives as hook arguments get one shared prototype, `goProto`, whose
// own prototype is a Proxy. Own-property reads never reach it (they stay fast); a missed
// read of a capitalised key is mapped to the JSON name: data.Protocol.Name → protocol.name,
// pod.ObjectMeta.Labels → metadata.labels, src.IP → ip, HTTPVersion → httpVersion,
// ProcessID → processID or processId. Enumeration and JSON.stringify see only the JSON
// names. Map-like objects (headers, cookies, labels …) keep the plain prototype: their
// keys are data, and for-in over them stays on V8's fast path. Arguments of hot hooks get it
// only when the script's source reads Go-style names (manifest.goStyle, script-header.ts);
// arguments of other hooks always do.
var GO_STYLE = manifest.goStyle === true;
var SPECIAL = { ObjectMeta: 'metadata', TypeMeta: '', ListMeta: 'metadata' };
var MAP_LIKE = { headers: 1, cookies: 1, queryString: 1, labels: 1, annotations: 1, selector: 1, matchLabels: 1, nodeSelector: 1 };
var goCache = objectCreate(null);

function goCandidates(k) {
  var c = goCache[k];
  if (c) return c;
  c = [];
  if (hasOwn(SPECIAL, k)) c[c.length] = SPECIAL[k];
  var lowerFirst = apply(strToLowerCase, k[0], []) + slice(k, 1);
  c[c.length] = lowerFirst;
  // Leading acronym: "HTTPVersion" → "httpVersion", "IP" → "ip", "URL" → "url".
  var n = 0;
  while (n < k.length && k[n] >= 'A' && k[n] <= 'Z') n++;
  if (n > 1) {
    var cut = n === k.length ? n : n - 1;
    c[c.length] = apply(strToLowerCase, slice(k, 0, cut), []) + slice(k, cut);
  }
  if (slice(lowerFirst, -2) === 'ID') c[c.length] = slice(lowerFirst, 0, -2) + 'Id';
  c[c.length] = apply(strToLowerCase, k, []);
  goCache[k] = c;
  return c;
}

var goBase = objectCreate(ObjectProto);
var goProxy = new ProxyCtor(goBase, {
  get: function (target, key, receiver) {
    if (typeof key === 'string' && key.length > 0 && key[0] >= 'A' && key[0] <= 'Z') {
      var c = goCandidates(key);
      for (var i = 0; i < c.length; i++) {
        if (c[i] === '') return receiver;
        if (hasOwn(receiver, c[i])) return receiver[c[i]];
      }
    }
    return reflectGet(target, key, receiver);
  },
});
var goProto = objectCreate(goProxy);
(function () {
  // Object.prototype's methods as own properties of goProto: data.hasOwnProperty(…) and
  // String(data) resolve here without a trip through the Proxy.
  var names = ['constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf'];
  for (var i = 0; i < names.length; i++) {
    defineProperty(goProto, names[i], { value: ObjectProto[names[i]], writable: true, configurable: true, enumerable: false });
  }
})();

// Gives every plain object under `v` the Go-style prototype. Keys are read before the
// prototype changes (changing it first would throw away V8's enumeration cache).
function adopt(v) {
  if (isArray(v)) {
    for (var i = 0; i < v.length; i++) {
      var e = v[i];
      if (e !== null && typeof e === 'object') adopt(e);
    }
    return v;
  }
  var ks = objectKeys(v);
  for (var j = 0; j < ks.length; j++) {
    var x = v[ks[j]];
    if (x !== null && typeof x === 'object' && !hasOwn(MAP_LIKE, ks[j])) adopt(x);
  }
  setPrototypeOf(v, goProto);
  return v;
}

function adoptAll(list) {
  for (var i = 0; i < list.length; i++) {
    var v = list[i];
    if (v !== null && typeof v === 'object') adopt(v);
  }
  return list;
}
