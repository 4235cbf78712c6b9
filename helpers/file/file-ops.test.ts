import test from 'ava';
import { mkdir, mkdtemp, readFile, readdir, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { list as listTar } from 'tar';
import type { OpServices } from '../define-op.ts';
import { harness } from '../../runtime/testing/harness.ts';
import { T0 } from '../../runtime/testing/items.ts';
import { FileSpace } from './file-space.ts';

/** A data dir (with an outside dir beside it) and a script run against it. */
async function run(code: string, o: { limitBytes?: number; setup?: (dir: string, outside: string) => Promise<void> } = {}) {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'wirehook-files-')));
  const dir = path.join(base, 'data');
  const outside = path.join(base, 'outside');
  await mkdir(dir, { recursive: true });
  await mkdir(outside, { recursive: true });
  await o.setup?.(dir, outside);
  const services: Partial<OpServices> = { files: new FileSpace({ dataDir: dir, limitBytes: o.limitBytes ?? 1 << 20, rescanMs: 0 }) };
  const h = await harness({ 's.js': `function attempt(f) { try { var r = f(); console.log(r === undefined ? "ok" : r); } catch (e) { console.log("error: " + e.message); } }\n${code}` }, {
    runtime: { services },
    config: (c) => (c.dataDir = dir),
  });
  const lines = h.lines('s.js');
  h.stop();
  return { dir, outside, lines, cleanup: () => rm(base, { recursive: true, force: true }) };
}

test('write, append, mkdir, copy, move, delete', async (t) => {
  const r = await run(`
attempt(function () { return file.write("reports/a.json", "{\\"a\\":1}"); });
attempt(function () { return file.append("reports/a.json", "\\n"); });
attempt(function () { return file.append("log.txt", "one"); });
attempt(function () { return file.write("obj.json", { n: 2 }); });
attempt(function () { return file.mkdir("archive/2024/01"); });
attempt(function () { return file.copy("reports/a.json", "archive/2024/"); });
attempt(function () { return file.copy("reports", "reports-copy"); });
attempt(function () { return file.move("log.txt", "archive"); });
attempt(function () { return file.move("obj.json", "renamed.json"); });
attempt(function () { return file.delete("reports"); });
attempt(function () { return file.delete("does/not/exist"); });
attempt(function () { return file.move("missing.txt", "x.txt"); });
attempt(function () { return file.delete(""); });
`);
  t.deepEqual(r.lines, [
    'reports/a.json',
    'reports/a.json',
    'log.txt',
    'obj.json',
    'archive/2024/01',
    'archive/2024/a.json',
    'reports-copy',
    'archive/log.txt',
    'renamed.json',
    'ok',
    'ok',
    'error: file.move: "missing.txt" does not exist',
    'error: file.delete: refusing to delete the data directory itself; give a path inside it',
  ]);
  t.is(await readFile(path.join(r.dir, 'archive/2024/a.json'), 'utf8'), '{"a":1}\n');
  t.is(await readFile(path.join(r.dir, 'reports-copy/a.json'), 'utf8'), '{"a":1}\n');
  t.is(await readFile(path.join(r.dir, 'archive/log.txt'), 'utf8'), 'one');
  t.is(await readFile(path.join(r.dir, 'renamed.json'), 'utf8'), '{"n":2}');
  t.deepEqual((await readdir(r.dir)).sort(), ['archive', 'renamed.json', 'reports-copy']);
  await r.cleanup();
});

test('escape attempts: "..", absolute paths, symlinks out, symlinked directories, the token', async (t) => {
  const r = await run(
    `
attempt(function () { return file.write("../escape.txt", "x"); });
attempt(function () { return file.write("a/../../escape.txt", "x"); });
attempt(function () { return file.write("/tmp/escape.txt", "x"); });
attempt(function () { return file.write("link-out.txt", "overwrite"); });
attempt(function () { return file.write("dir-out/new.txt", "x"); });
attempt(function () { return file.copy("dir-out/secret.txt", "stolen.txt"); });
attempt(function () { file.write("m.txt", "x"); return file.move("m.txt", "dir-out/"); });
attempt(function () { return file.copy("token", "t.txt"); });
attempt(function () { return file.delete("streams"); });
attempt(function () { return file.copy("streams/1.pcap", "mine.pcap"); });
attempt(function () { return file.delete("link-out.txt"); });
`,
    {
      setup: async (dir, outside) => {
        await writeFile(path.join(outside, 'secret.txt'), 'secret');
        await writeFile(path.join(dir, 'token'), 'tok');
        await mkdir(path.join(dir, 'streams'));
        await writeFile(path.join(dir, 'streams/1.pcap'), 'pcap');
        await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'link-out.txt'));
        await symlink(outside, path.join(dir, 'dir-out'));
      },
    },
  );
  t.deepEqual(r.lines, [
    'error: file.write: path "../escape.txt" contains "..": paths must stay inside the data directory',
    'error: file.write: path "a/../../escape.txt" contains "..": paths must stay inside the data directory',
    'error: file.write: path "/tmp/escape.txt" is absolute: paths are relative to the data directory, e.g. "reports/today.json"',
    'error: file.write: "link-out.txt" leads outside the data directory through a symbolic link',
    'error: file.write: "dir-out/new.txt" leads outside the data directory through a symbolic link',
    'error: file.copy: "dir-out/secret.txt" leads outside the data directory through a symbolic link',
    'error: file.move: "dir-out/m.txt" leads outside the data directory through a symbolic link',
    'error: file.copy: "token" is the node\'s private token file and cannot be used',
    'error: file.delete: "streams" is inside "streams/", which the node manages; scripts may read it but not change it (copy it elsewhere first)',
    'mine.pcap',
    'ok',
  ]);
  t.is(await readFile(path.join(r.outside, 'secret.txt'), 'utf8'), 'secret', 'nothing outside changed');
  t.deepEqual(await readdir(r.outside), ['secret.txt']);
  t.is(await readFile(path.join(r.dir, 'mine.pcap'), 'utf8'), 'pcap');
  await r.cleanup();
});

test('disk quota: writes past storage.limitMb fail; deleting frees space', async (t) => {
  const r = await run(
    `
var kb = new Array(401).join("x");
attempt(function () { return file.write("a.txt", kb); });
attempt(function () { return file.write("b.txt", kb); });
attempt(function () { return file.write("c.txt", kb); });
attempt(function () { return file.append("a.txt", kb); });
attempt(function () { return file.copy("a.txt", "a2.txt"); });
attempt(function () { return file.write("a.txt", "small"); });
attempt(function () { return file.delete("b.txt"); });
attempt(function () { return file.write("c.txt", kb); });
`,
    { limitBytes: 1000, setup: async (dir) => void (await mkdir(path.join(dir, 'streams')), await writeFile(path.join(dir, 'streams/big.pcap'), Buffer.alloc(5000))) },
  );
  t.deepEqual(r.lines, [
    'a.txt',
    'b.txt',
    'error: file.write: the data directory\'s files use 800 bytes of 1000 bytes (storage.limitMb); 400 bytes more would exceed it — delete files (file.delete) or raise storage.limitMb',
    'error: file.append: the data directory\'s files use 800 bytes of 1000 bytes (storage.limitMb); 400 bytes more would exceed it — delete files (file.delete) or raise storage.limitMb',
    'error: file.copy: the data directory\'s files use 800 bytes of 1000 bytes (storage.limitMb); 400 bytes more would exceed it — delete files (file.delete) or raise storage.limitMb',
    'a.txt',
    'ok',
    'c.txt',
  ]);
  t.is((await stat(path.join(r.dir, 'c.txt'))).size, 400);
  await r.cleanup();
});

test('mkdirTemp, temp and tar: names, and archive contents', async (t) => {
  const r = await run(
    `
var d = file.mkdirTemp("snap-*-x", "work");
var d2 = file.mkdirTemp();
var f = file.temp("data", d, "json");
var f2 = file.temp("note", "", "");
file.write(f, "{}");
file.write(d + "/sub/b.txt", "bee");
console.log(d, d2, f, f2);
attempt(function () { return file.tar(d); });
attempt(function () { return file.tar(d); });
attempt(function () { return file.tar(""); });
attempt(function () { return file.mkdirTemp("a/b"); });
attempt(function () { return file.tar(f); });
`,
    { setup: async (dir) => void (await writeFile(path.join(dir, 'token'), 'tok'), await mkdir(path.join(dir, 'scripts')), await writeFile(path.join(dir, 'scripts/s.js'), '//')) },
  );
  const [names, tar1, tar2, tar3, ...errors] = r.lines;
  const [d, d2, f, f2] = names.split(' ');
  t.regex(d, /^work\/snap-\d+-x$/);
  t.regex(d2, /^\d+$/);
  t.regex(f, new RegExp(`^${d}/data\\d+\\.json$`));
  t.regex(f2, /^note\d+\.txt$/);
  const unix = Math.floor(T0 / 1000);
  t.is(tar1, `wirehook_${unix}.tar.gz`);
  t.is(tar2, `wirehook_${unix}_1.tar.gz`);
  t.is(tar3, `wirehook_${unix}_2.tar.gz`);
  t.deepEqual(errors, ['error: file.mkdirTemp: name "a/b" must not contain a path separator (use the dir argument)', `error: file.tar: "${f}" is not a directory`]);
  const entries = async (name: string) => {
    const out: string[] = [];
    await listTar({ file: path.join(r.dir, name), onReadEntry: (e) => void out.push(e.path) });
    return out.sort();
  };
  t.deepEqual(await entries(tar1), [path.basename(f), 'sub/', 'sub/b.txt']);
  const all = await entries(tar3);
  t.true(all.includes(`${d}/sub/b.txt`));
  t.true(all.includes(tar1) && all.includes(tar2));
  t.false(all.some((e) => e === 'token' || e.startsWith('scripts') || e.includes('.partial')), 'internal entries are left out');
  await r.cleanup();
});
