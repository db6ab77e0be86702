// A smart-HTTP git remote on loopback for the end-to-end tests: C git's http-backend behind a
// small Node server that asks for Basic credentials, the way a hosted remote does.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const backend = process.env.GIT_HTTP_BACKEND ?? '/usr/lib/git-core/git-http-backend';

/** Serves bare repositories under `root`; only `user`:`password` may read or write. */
export async function startGitRemote({ user, password }) {
  const root = await mkdtemp(join(tmpdir(), 'stratus-e2e-remote-'));
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const url = new URL(req.url, 'http://localhost');
    const cgi = spawn(backend, [], {
      env: {
        GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', REMOTE_USER: user, PATH: process.env.PATH,
        REQUEST_METHOD: req.method, PATH_INFO: decodeURIComponent(url.pathname), QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '', HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers = {};
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
    cgi.on('error', () => res.destroy());
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    root, base,
    /** Creates a bare repository `name` with one commit; returns its URL. */
    createRepo(name, files) {
      const work = join(root, `${name}-seed`);
      const git = (...args) => execFileSync('git', args, { cwd: work, encoding: 'utf8' });
      execFileSync('git', ['init', '-q', '-b', 'main', work]);
      for (const [file, content] of Object.entries(files)) execFileSync('sh', ['-c', `mkdir -p "$(dirname "$1")" && printf %s "$2" > "$1"`, 'sh', file, content], { cwd: work });
      git('add', '-A');
      git('-c', 'user.name=Seed', '-c', 'user.email=seed@example.com', 'commit', '-q', '-m', 'Seed commit');
      execFileSync('git', ['clone', '-q', '--bare', work, join(root, `${name}.git`)]);
      execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: join(root, `${name}.git`) });
      return `${base}/${name}.git`;
    },
    /** C git in the bare repository. */
    git(name, ...args) {
      return execFileSync('git', args, { cwd: join(root, `${name}.git`), encoding: 'utf8' }).trim();
    },
    async stop() {
      await new Promise((ok) => server.close(ok));
      await rm(root, { recursive: true, force: true });
    },
  };
}
