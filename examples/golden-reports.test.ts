/**
 * Examples that report from the traffic (console, metrics), each checked against its
 * golden output with `wirehook run --expect` on the demo capture (examples/testing).
 */
import test from 'ava';
import { demoFiles, runExample, type DemoFiles } from './testing/example-runs.ts';

let demo: DemoFiles;
test.before(async () => {
  demo = await demoFiles();
});
test.after.always(() => demo?.cleanup());

for (const name of ['dns-top-consumers', 'latency-anomalies', 'inactive-pods', 'external-domains', 'namespace-matrix', 'latency-histogram']) {
  test.serial(`${name}.js matches examples/golden/${name}.txt`, async (t) => {
    const r = await runExample(demo, name);
    t.is(r.code, 0, r.stderr);
    t.true(r.stdout.split('\n').length > 3, 'it reports something');
  });
}
