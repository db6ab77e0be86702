// Benchmark corpora beyond the generated 200-file workspace: Debian's linux-source tree (unpacked
// once into a corpus folder and reused) and git repositories made from a tree (cached in it).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Where the big corpora live: STRATUS_BENCH_CORPUS, else /var/tmp/stratus-bench. */
export const corpusRoot = process.env.STRATUS_BENCH_CORPUS ?? '/var/tmp/stratus-bench';

const log = (...m) => console.log('#', ...m);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr ?? ''}`);
  return r.stdout;
}

function sourceTarball() {
  const src = '/usr/src';
  const found = existsSync(src) ? readdirSync(src).filter((n) => /^linux-source-[\d.]+\.tar\.xz$/.test(n)) : [];
  found.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return found.length ? join(src, found.at(-1)) : null;
}

/** The block Debian appends to the root .gitignore of linux-source: it ignores every top-level entry. */
const DEBIAN_IGNORE_BLOCK = '#\n# Debian packaging: ignore everything at the top level';

/**
 * Debian's linux-source tree, unpacked: STRATUS_BENCH_LINUX_DIR if set, else
 * <corpusRoot>/linux-source-<version>. Installs the `linux-source` package (as root) when
 * /usr/src/linux-source-*.tar.xz is missing and unpacks it once.
 *
 * Debian's tarball ends its root .gitignore with `/*` and `!/debian/` ("ignore everything at the
 * top level, since it isn't included in our repository"): with it, a tool that honours .gitignore
 * (git, `rg --no-require-git`, Stratus's index) sees no file at all. That block is removed, which
 * leaves upstream Linux 6.1's .gitignore, i.e. what a kernel checkout has.
 */
export function ensureLinuxSource() {
  let dir = process.env.STRATUS_BENCH_LINUX_DIR;
  if (!dir) {
    let tarball = sourceTarball();
    if (!tarball) {
      const existing = existsSync(corpusRoot) ? readdirSync(corpusRoot).filter((n) => /^linux-source-[\d.]+$/.test(n)) : [];
      if (existing.length) {
        dir = join(corpusRoot, existing.sort().at(-1));
      } else {
        if (process.getuid?.() !== 0) throw new Error('linux-source is not installed (apt-get install linux-source needs root)');
        log('installing the linux-source package (apt-get install -y linux-source)');
        let r = spawnSync('apt-get', ['install', '-y', 'linux-source'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
        if (r.status !== 0) {
          spawnSync('apt-get', ['update'], { stdio: 'inherit' });
          r = spawnSync('apt-get', ['install', '-y', 'linux-source'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
        }
        tarball = sourceTarball();
        if (!tarball) throw new Error('apt-get install linux-source did not provide /usr/src/linux-source-*.tar.xz');
      }
    }
    if (!dir) {
      const name = basename(tarball).replace(/\.tar\.xz$/, '');
      dir = join(corpusRoot, name);
      if (!existsSync(join(dir, 'Makefile'))) {
        log(`unpacking ${tarball} into ${dir} (once; a few minutes)`);
        const tmp = join(corpusRoot, `.unpack-${process.pid}`);
        mkdirSync(tmp, { recursive: true });
        run('tar', ['-xJf', tarball, '-C', tmp]);
        renameSync(join(tmp, name), dir);
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
  const ignore = join(dir, '.gitignore');
  if (existsSync(ignore)) {
    const text = readFileSync(ignore, 'utf8');
    const at = text.indexOf(DEBIAN_IGNORE_BLOCK);
    if (at >= 0) {
      log(`removing Debian's "ignore everything at the top level" block from ${ignore}`);
      writeFileSync(ignore, text.slice(0, at).replace(/\n+$/, '\n'));
    }
  }
  const version = /linux-source-([\d.]+)/.exec(dir)?.[1] ?? 'unknown';
  return { dir, version, name: basename(dir) };
}

/** Every regular file under `dir`, `.git` excluded, symlinks not followed: { files, bytes }. */
export function rawTreeSize(dir) {
  let files = 0;
  let bytes = 0;
  const todo = [dir];
  while (todo.length) {
    const d = todo.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git' && d === dir) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) todo.push(p);
      else if (e.isFile()) {
        files++;
        bytes += lstatSync(p).size;
      }
    }
  }
  return { files, bytes };
}

/** Bytes of all files under `dir` (recursively), e.g. an index folder. */
export function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) bytes += folderBytes(p);
    else if (e.isFile()) bytes += lstatSync(p).size;
  }
  return bytes;
}

/** The ripgrep flags that give Stratus's search semantics (docs/protocol.md, SearchParityTest's Ripgrep). */
export const RG_BASE = ['--hidden', '--no-require-git', '--no-ignore-parent', '--no-ignore-global', '--no-config',
  '--max-filesize', '1M', '-g', '!.git'];

/**
 * What the search index holds text for: files ripgrep would search with RG_BASE (ignore files
 * honoured, hidden included, <= 1 MiB), minus binary ones (a NUL in the first 8 KiB).
 */
export function searchableTreeSize(dir) {
  const list = run('rg', [...RG_BASE, '--files', '--null', './'], { cwd: dir }).split('\0').filter(Boolean);
  const buf = Buffer.alloc(8192);
  let files = 0;
  let bytes = 0;
  let binary = 0;
  for (const rel of list) {
    const p = join(dir, rel);
    const size = lstatSync(p).size;
    if (size > 1 << 20) continue;
    const fd = openSync(p, 'r');
    const n = readSync(fd, buf, 0, 8192, 0);
    closeSync(fd);
    if (buf.subarray(0, n).includes(0)) { binary++; continue; }
    files++;
    bytes += size;
  }
  return { files, bytes, binaryFiles: binary, listedByRg: list.length };
}

// ---------------------------------------------------------------------------------------------
// git

export function git(dir, args, opts = {}) {
  return run('git', ['-C', dir, ...args], opts);
}

/**
 * Makes `dir` a git repository with one commit of everything (not ignored) in it, unless it
 * already is one with a HEAD commit (then it is reused). User name and e-mail are set locally.
 */
export function ensureGitRepo(dir) {
  const hasHead = existsSync(join(dir, '.git')) && spawnSync('git', ['-C', dir, 'rev-parse', '--verify', '-q', 'HEAD'], { encoding: 'utf8' }).status === 0;
  if (hasHead) return { created: false, seconds: 0 };
  const t0 = Date.now();
  log(`making ${dir} a git repository (git init; add; commit; cached for later runs)`);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Stratus Bench']);
  git(dir, ['config', 'user.email', 'bench@localhost']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Benchmark corpus']);
  return { created: true, seconds: (Date.now() - t0) / 1000 };
}

/** `git status --porcelain=v1` output (untracked files listed individually). */
export function gitPorcelain(dir) {
  return git(dir, ['status', '--porcelain=v1', '-uall']);
}
