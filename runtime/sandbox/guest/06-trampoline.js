// Guest prelude, part 6: the trampoline — the only functions the host calls.
//
// Every entry returns a report (copied to the host, validated there as untrusted):
//   [calls, errors, timeouts, consecutive, stopped, definedMask, postedJSON, result, done]
// The counters are totals since this isolate was built, and `posted` holds every output
// entry the host has not acknowledged (`ack`, passed with each entry) — so a report lost to
// an interruption loses nothing: the next one carries it. Faults travel in the posted
// stream, in order with console lines (02-bridge.js).
//
// Ordering: hot-hook batches go into a FIFO here and are processed in order, whatever the
// entry that processes them; so the host may have several calls in flight. An entry stops
// after `limitMs` of guest time (done = 0 while batches are pending: the host calls resume).
// Interruption: the host's hard timeout (2 × limit) terminates a call that ran longer than
// the limit; the next entry finds `running` set, counts that call as a timeout and skips it.
// State changes are ordered so that an interruption at any point neither loses nor repeats
// an item (progress lives in the batch; a finished batch is cleared by one assignment).
// `consecutive` (failed hook calls in a row; interrupted job runs count too) is kept here;
// reaching LIMITS.maxConsecutiveFailures sets stopped = 1 and the host quarantines the script.
var HOOKS = manifest.hooks;
var MAX_FAULTS_PER_CALL = 20;
// Calls that return after more than their limit count as timeouts only live: measured in
// wall time, they would make offline output depend on the machine's load.
var SOFT_TIMEOUTS = manifest.softTimeouts === true;
var batches = []; // { hook, texts, i } or undefined once finished
var batchHead = 0;
var totals = { calls: 0, errors: 0, timeouts: 0 };
var stopped = 0;
var consecutive = 0;
var running = null; // [label, limitMs, batch or null, index] while a call runs
var faultCount = 0;
var lastFault = '';
var lastValue;
var callEnd = 0;
var callKind = 'load';
var callDepth = 0;

function definedMask() {
  var m = 0;
  try {
    for (var i = 0; i < HOOKS.length; i++) if (typeof G[HOOKS[i]] === 'function') m |= 1 << i;
  } catch (e) {
    return 0;
  }
  return m;
}

function addFault(label, kind, text, loc) {
  lastFault = text;
  if (faultCount++ < MAX_FAULTS_PER_CALL) queuePosted(['', label, kind, text, loc]);
}

function fail(countsTowardsQuarantine) {
  if (countsTowardsQuarantine && ++consecutive >= LIMITS.maxConsecutiveFailures) stopped = 1;
}

function enter(now, releases, ack) {
  virtualNow = now;
  faultCount = 0;
  ackPosted(ack);
  releaseFns(releases);
  if (running === null) return;
  var r = running;
  running = null;
  totals.calls++;
  totals.timeouts++;
  addFault(r[0], 'timeout', 'interrupted: ran longer than ' + r[1] + ' ms', '');
  fail(true);
  if (r[2] !== null) {
    r[2].texts[r[3]] = undefined;
    r[2].i = r[3] + 1;
  }
}

function nextBatch() {
  while (batchHead < batches.length && batches[batchHead] === undefined) batchHead++;
  return batchHead < batches.length ? batches[batchHead] : null;
}

function report(result) {
  return [totals.calls, totals.errors, totals.timeouts, consecutive, stopped, definedMask(), pendingPosted(), result, nextBatch() === null ? 1 : 0];
}

// Counts a finished call; hook calls move the run of consecutive failures.
function count(status, isHook) {
  totals.calls++;
  if (status === 1) totals.errors++;
  else if (status === 2) totals.timeouts++;
  if (status === 0) {
    if (isHook) consecutive = 0;
  } else {
    fail(isHook);
  }
}

// One call of `fn` with `args`, started at real time `t0`: 0 = returned, 1 = threw,
// 2 = returned but ran longer than limitMs of guest time (time waiting for the host is not
// counted; SOFT_TIMEOUTS only). Keeps the return value in lastValue and the end time in callEnd.
function runOne(fn, args, label, limitMs, t0) {
  opsLeft = LIMITS.opsPerCall;
  opMs = 0;
  lastValue = undefined;
  var status = 0;
  try {
    lastValue = apply(fn, G, args);
  } catch (e) {
    status = 1;
    var d = describeThrown(e);
    addFault(label, 'error', d[0], d[1]);
  }
  callEnd = realNow();
  var spent = callEnd - t0 - opMs;
  if (status === 0 && SOFT_TIMEOUTS && spent > limitMs) {
    status = 2;
    addFault(label, 'timeout', 'took ' + spent + ' ms, over the ' + limitMs + ' ms limit', '');
  }
  return status;
}

// Processes queued batches in order until none is left or limitMs of guest time is used.
// Items get the Go-style prototype only when the script reads Go-style names (GO_STYLE):
// the walk costs ~3 µs per HTTP item.
function drainBatches(limitMs) {
  var start = realNow();
  var t = start;
  var waited = 0;
  var calls = 0;
  for (var b = nextBatch(); b !== null && !stopped; b = nextBatch()) {
    var h = G[b.hook];
    if (typeof h === 'function') {
      callKind = b.hook;
      callDepth = 0;
      while (b.i < b.texts.length && !stopped) {
        if (calls > 0 && t - start - waited >= limitMs) return report('');
        var i = b.i;
        running = [b.hook, limitMs, b, i];
        var item = JSONparse(b.texts[i]);
        if (GO_STYLE && item !== null && typeof item === 'object') adopt(item);
        var s = runOne(h, [item], b.hook, limitMs, t);
        t = callEnd;
        waited += opMs;
        calls++;
        count(s, true);
        b.texts[i] = undefined;
        b.i = i + 1;
        running = null;
      }
    }
    if (stopped) break;
    batches[batchHead] = undefined;
  }
  return report('');
}

function single(fn, args, label, limitMs) {
  running = [label, limitMs, null, 0];
  var s = runOne(fn, args, label, limitMs, realNow());
  running = null;
  return s;
}

return {
  // Top-level code is about to run (the host runs the compiled user script itself).
  prepare: function (now) {
    virtualNow = now;
    opsLeft = LIMITS.opsPerCall;
    opMs = 0;
    callKind = 'load';
    callDepth = 0;
  },
  // Output of top-level code.
  drain: function () {
    return report('');
  },
  // Hot hooks: queue an array of JSON texts (one argument each), then process the queue.
  batch: function (hookIdx, texts, now, releases, ack, limitMs) {
    enter(now, releases, ack);
    if (nextBatch() === null) {
      batchHead = 0;
      batches = [];
    }
    batches[batches.length] = { hook: HOOKS[hookIdx], texts: texts, i: 0 };
    return drainBatches(limitMs);
  },
  resume: function (now, releases, ack, limitMs) {
    enter(now, releases, ack);
    return drainBatches(limitMs);
  },
  // Other hooks: one call; an object returned is sent back as JSON (onItemQueried).
  // argsJSON arrives as [text] (a long string inside an array: see shared-batch.ts).
  call: function (hookIdx, argsJSON, now, releases, ack, limitMs, depth) {
    enter(now, releases, ack);
    var name = HOOKS[hookIdx];
    var h = G[name];
    if (typeof h !== 'function') return report('');
    callKind = name;
    callDepth = depth;
    var s = single(h, adoptAll(JSONparse(argsJSON[0])), name, limitMs);
    var result = '';
    if (s === 0 && lastValue !== null && typeof lastValue === 'object') {
      try {
        result = JSONstringify(lastValue);
      } catch (e) {
        s = 1;
        var d = describeThrown(e);
        addFault(name, 'error', 'returned a value that is not JSON: ' + d[0], '');
      }
    }
    count(s, true);
    return report(typeof result === 'string' ? result : '');
  },
  // A registered function (job, timer). Result: '' = returned, 'E' + message = threw.
  // A throwing job goes to onJobFailed and does not count towards quarantine.
  fn: function (fnId, argsJSON, now, releases, ack, limitMs, label) {
    enter(now, releases, ack);
    var f = fns[fnId];
    var s = 1;
    var result = 'Ethe function was released';
    if (typeof f === 'function') {
      callKind = label === 'timer' ? 'timer' : 'job';
      callDepth = 0;
      s = single(f, JSONparse(argsJSON[0]), label, limitMs);
      result = s === 1 ? 'E' + lastFault : '';
    } else {
      addFault(label, 'error', 'the function was released', '');
    }
    count(s, false);
    return report(result);
  },
};
