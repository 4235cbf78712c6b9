// Guest prelude, part 3: helper namespaces built from the op catalog manifest
// (helpers/catalog.ts), so the names a script sees are exactly the catalog's names.
// Top-level namespaces are fresh plain objects (V8's own `console` is replaced).
function namespaceFor(parts) {
  var target = G;
  for (var i = 0; i < parts.length - 1; i++) {
    var next = hasOwn(target, parts[i]) ? target[parts[i]] : undefined;
    if (next === undefined || next === null || typeof next !== 'object' || (target === G && !hasOwn(fresh, parts[i]))) {
      next = {};
      target[parts[i]] = next;
      if (target === G) fresh[parts[i]] = true;
    }
    target = next;
  }
  return target;
}

var fresh = objectCreate(null);

function stubFor(op) {
  var name = op.name;
  if (op.kind === 'post') {
    return function () {
      post(name, arguments);
    };
  }
  if (op.kind === 'guest') {
    return new Function('return (' + op.source + ');')();
  }
  var async = op.kind === 'async';
  var withFns = op.fns === true;
  return function () {
    return hostCall(name, encodeArgs(arguments, withFns), async);
  };
}

function installOps() {
  var ops = manifest.ops;
  for (var i = 0; i < ops.length; i++) {
    var parts = apply(strSplit, ops[i].name, ['.']);
    namespaceFor(parts)[parts[parts.length - 1]] = stubFor(ops[i]);
  }
}

var IDENT = /^[A-Za-z_$][\w$]*$/;

function installValues() {
  var values = manifest.values;
  for (var i = 0; i < values.length; i++) {
    var v = values[i];
    G[v.name] = v.value;
    if (!v.bareGlobals || v.value === null || typeof v.value !== 'object') continue;
    var ks = objectKeys(v.value);
    for (var j = 0; j < ks.length; j++) {
      // Legacy scripts read env keys as bare globals; built-ins keep their meaning.
      if (IDENT.test(ks[j]) && !(ks[j] in G)) G[ks[j]] = v.value[ks[j]];
    }
  }
}

installOps();
installValues();
