// Guest prelude, part 5: packet time for `Date` in offline runs.
//
// With a virtual clock (manifest.virtualTime), `Date.now()`, `new Date()` and `Date()`
// read the clock time the host passes with every call (the time of the packet being
// replayed), so `wirehook run` output does not depend on when it runs. Time does not move
// during one hook call. Dates built from explicit arguments are unaffected; the runtime
// itself keeps measuring real time (realNow) for its limits.
var virtualNow = 0;

if (manifest.virtualTime) {
  var VirtualDate = function Date() {
    if (new.target === undefined) return StringCtor(new RealDate(virtualNow));
    return construct(RealDate, arguments.length === 0 ? [virtualNow] : listOf(arguments), new.target);
  };
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = function now() {
    return virtualNow;
  };
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true, enumerable: false });
  G.Date = VirtualDate;
}
