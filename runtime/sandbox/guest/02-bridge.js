// Guest prelude, part 2: the guest side of the bridge (runtime/bridge.ts is the host side).
//
// ONE host entry point: entry(name, argsJSON, postedJSON, callKind, callDepth) →
// ['R' + resultJSON] | ['U'] | ['E' + message] (the text inside an array: a long string
// then is an ordinary guest string, not an isolated-vm external one that keeps counting
// against the memory limit). callKind/callDepth say what the script is running
// (a hook name, 'job', 'timer', 'load'; onHubAction nesting depth).
// sync ops use applySync, async ops applySyncPromise (the isolate thread waits while the
// host event loop does the I/O). Queued `post` calls (console.*) ride along as postedJSON
// so the host always sees them in call order (entries the call delivers are acknowledged). Function arguments of ops that take them
// become handles { $fn: id }; the host releases ids it no longer needs (releaseFns).
var entry = $0;
var refApplySync = entry.applySync;
var refApplySyncPromise = entry.applySyncPromise;
var LIMITS = manifest.limits;

var opsLeft = 0; // helper calls left in the current hook call
var opMs = 0; // time spent waiting for the host in the current hook call
var fns = objectCreate(null);
var nextFnId = 1;

// The output stream: console lines [seq, opName, text] and faults [seq, '', label, kind,
// text, loc], kept until the host acknowledges their seq (ackPosted), so output survives an
// interrupted report; the host ignores entries it has already seen.
var posted = [];
var postedChars = 0;
var postedSeq = 0;

function entryChars(e) {
  return (e[1] === '' ? e[4] : e[2]).length;
}

function queuePosted(entry) {
  var e = [++postedSeq];
  for (var i = 0; i < entry.length; i++) e[i + 1] = entry[i];
  posted[posted.length] = e;
  postedChars += entryChars(e);
}

function pendingPosted() {
  return posted.length === 0 ? '' : JSONstringify(posted);
}

function ackPosted(seq) {
  if (posted.length === 0 || !(seq >= posted[0][0])) return;
  var keep = [];
  var chars = 0;
  for (var i = 0; i < posted.length; i++) {
    if (posted[i][0] > seq) {
      keep[keep.length] = posted[i];
      chars += entryChars(posted[i]);
    }
  }
  posted = keep;
  postedChars = chars;
}

function hostCall(name, argsJSON, async) {
  if (opsLeft <= 0) {
    throw new ErrorCtor(name + ': more than ' + LIMITS.opsPerCall + ' helper calls in one hook call; move bulk work to a job');
  }
  opsLeft--;
  var t0 = realNow();
  var sent = postedSeq;
  var r;
  try {
    r = apply(async ? refApplySyncPromise : refApplySync, entry, [undefined, [name, argsJSON, pendingPosted(), callKind, callDepth]]);
  } finally {
    opMs += realNow() - t0;
  }
  ackPosted(sent);
  r = isArray(r) ? r[0] : undefined;
  var tag = typeof r === 'string' ? r[0] : '';
  if (tag === 'U') return undefined;
  if (tag === 'R') return JSONparse(slice(r, 1));
  throw new ErrorCtor(tag === 'E' ? slice(r, 1) : name + ': the host returned no result');
}

function registerFn(f) {
  var id = nextFnId++;
  fns[id] = f;
  return { $fn: id };
}

function encodeArgs(argsLike, withFns) {
  var list = [];
  for (var i = 0; i < argsLike.length; i++) {
    var v = argsLike[i];
    list[i] = typeof v === 'function' ? (withFns ? registerFn(v) : null) : v;
  }
  return JSONstringify(list);
}

function releaseFns(idsJSON) {
  if (!idsJSON) return;
  var ids = JSONparse(idsJSON);
  for (var i = 0; i < ids.length; i++) delete fns[ids[i]];
}

function toText(v) {
  return typeof v === 'string' ? v : StringCtor(v);
}

// A `post` call: String(arg) for each argument (the script's own toString runs, and may
// throw like it would anywhere else), joined with a space, cut to the line limit, queued.
function post(name, argsLike) {
  var line = '';
  for (var i = 0; i < argsLike.length; i++) {
    line = i === 0 ? toText(argsLike[i]) : line + ' ' + toText(argsLike[i]);
    if (line.length > LIMITS.maxLineLength) break;
  }
  if (line.length > LIMITS.maxLineLength) line = slice(line, 0, LIMITS.maxLineLength - 1) + '…';
  queuePosted([name, line]);
  if (posted.length >= LIMITS.postFlushLines || postedChars >= LIMITS.postFlushChars) hostCall('', '[]', false);
}
