import test from 'ava';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilePathError, normalizeDataPath, resolveDataPath, toDataPath } from './safe-path.ts';

async function errorOf(p: Promise<unknown>): Promise<[string, string] | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof FilePathError) return [e.code, e.message];
    throw e;
  }
}

let root: string;
let outside: string;

test.before(async () => {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'wirehook-safe-')));
  root = path.join(base, 'data');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'reports'), { recursive: true });
  await mkdir(path.join(root, 'streams'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret.txt'), 'secret');
  await writeFile(path.join(root, 'token'), 't0ken');
  await writeFile(path.join(root, 'streams', '000001.pcap'), 'pcap');
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
  await symlink(outside, path.join(root, 'dir-out'));
  await symlink(path.join(root, 'reports'), path.join(root, 'dir-in'));
  await symlink(path.join(root, 'nowhere'), path.join(root, 'dangling'));
  await symlink(path.join(root, 'token'), path.join(root, 'reports', 'token-link'));
});

test.after.always(async () => {
  await rm(path.dirname(root), { recursive: true, force: true });
});

test('normalizeDataPath: relative paths only, no ".."', (t) => {
  t.is(normalizeDataPath('a//b/./c.txt'), 'a/b/c.txt');
  t.is(normalizeDataPath(''), '');
  t.is(normalizeDataPath('./'), '');
  t.is(normalizeDataPath('a\\b'), 'a/b');
  for (const bad of ['/etc/passwd', '\\\\host\\share', 'C:\\x', 'C:x', '../x', 'a/../../x', 'a/..', 'x\0y']) {
    t.throws(() => normalizeDataPath(bad), { instanceOf: FilePathError, code: 'ERR_FILE_PATH' }, bad);
  }
});

test('resolveDataPath: inside paths resolve, existing or not', async (t) => {
  t.is(await resolveDataPath(root, 'reports/a.json'), path.join(root, 'reports/a.json'));
  t.is(await resolveDataPath(root, 'new/deep/file.txt', { access: 'write' }), path.join(root, 'new/deep/file.txt'));
  t.is(await resolveDataPath(root, ''), root);
  t.is(await resolveDataPath(root, 'dir-in/x.txt', { access: 'write' }), path.join(root, 'reports/x.txt'), 'a symlink inside resolves to its target');
  t.is(toDataPath(root, path.join(root, 'reports/x.txt')), 'reports/x.txt');
});

test('resolveDataPath: symlinks leading out are refused', async (t) => {
  t.deepEqual(await errorOf(resolveDataPath(root, 'link-out.txt')), ['ERR_FILE_ESCAPE', '"link-out.txt" leads outside the data directory through a symbolic link']);
  t.is((await errorOf(resolveDataPath(root, 'dir-out/secret.txt')) as string[])[0], 'ERR_FILE_ESCAPE');
  t.is((await errorOf(resolveDataPath(root, 'dir-out/new.txt', { access: 'write' })) as string[])[0], 'ERR_FILE_ESCAPE', 'not-yet-existing file under a symlinked dir');
  t.deepEqual(await errorOf(resolveDataPath(root, 'dangling', { access: 'write' })), ['ERR_FILE_ESCAPE', '"dangling" goes through a symbolic link that does not resolve']);
  t.is(await resolveDataPath(root, 'link-out.txt', { access: 'write', followLast: false }), path.join(root, 'link-out.txt'), 'the link itself (to remove it)');
});

test('resolveDataPath: the token is off limits, internal folders are read-only', async (t) => {
  t.deepEqual(await errorOf(resolveDataPath(root, 'token')), ['ERR_FILE_RESERVED', '"token" is the node\'s private token file and cannot be used']);
  t.is((await errorOf(resolveDataPath(root, 'reports/token-link')) as string[])[0], 'ERR_FILE_RESERVED', 'also through a symlink');
  t.is(await resolveDataPath(root, 'streams/000001.pcap'), path.join(root, 'streams/000001.pcap'));
  t.deepEqual(await errorOf(resolveDataPath(root, 'streams/000001.pcap', { access: 'write' })), [
    'ERR_FILE_RESERVED',
    '"streams/000001.pcap" is inside "streams/", which the node manages; scripts may read it but not change it (copy it elsewhere first)',
  ]);
  t.is((await errorOf(resolveDataPath(root, 'scripts/x.js', { access: 'write' })) as string[])[0], 'ERR_FILE_RESERVED');
});
