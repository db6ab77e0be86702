import { describe, expect, it } from 'vitest';
import { INSTALL_COMMAND, serverStatus, type ServerView } from '../src/lsp/server-state';

const server = { id: 'typescript', name: 'TypeScript / JavaScript (typescript-language-server)', installed: true };
const view = (v: Partial<ServerView>): ServerView => ({ language: 'TypeScript', server, ...v });

describe('language server status text', () => {
  it('names the install command when no server is installed', () => {
    const s = serverStatus(view({ server: { ...server, installed: false } }));
    expect(s).toMatchObject({ text: 'TypeScript: no language server', tone: 'missing' });
    expect(s.tooltip).toContain(INSTALL_COMMAND);
    expect(INSTALL_COMMAND).toBe('./stratus language-servers install');
    expect(serverStatus(view({ server: { ...server, installed: false, default: false, id: 'eslint' } })).tooltip)
      .toMatch(/with \.\/stratus language-servers install eslint$/);
    const jdtls = serverStatus(view({ language: 'Java', server: { id: 'jdtls', name: 'Java (Eclipse JDT LS)', installed: false, installMethod: 'external', default: false } }));
    expect(jdtls.text).toBe('Java: no language server');
    expect(jdtls.tooltip).toMatch(/installed by hand/);
  });

  it('follows the process from starting to ready', () => {
    expect(serverStatus(view({}))).toMatchObject({ text: 'typescript: starting', tone: 'busy' });
    expect(serverStatus(view({ link: { state: 'open' }, process: { state: 'starting', restarts: 0 } }))).toMatchObject({ text: 'typescript: starting' });
    expect(serverStatus(view({ link: { state: 'open' }, process: { state: 'ready', restarts: 0 } }))).toMatchObject({ text: 'typescript', tone: 'ready' });
    // A relay that sends no state yet: an open socket counts as ready.
    expect(serverStatus(view({ link: { state: 'open' } }))).toMatchObject({ tone: 'ready' });
  });

  it('says when a server crashed, restarts, or the socket is down', () => {
    const restarting = serverStatus(view({ link: { state: 'open' }, process: { state: 'restarting', restarts: 2, message: 'exit code 1' } }));
    expect(restarting).toMatchObject({ text: 'typescript: restarting', tone: 'busy' });
    expect(restarting.tooltip).toContain('exit code 1');
    expect(restarting.tooltip).toContain('2 times');
    const crashed = serverStatus(view({ link: { state: 'open' }, process: { state: 'crashed', restarts: 5 } }));
    expect(crashed).toMatchObject({ text: 'typescript: crashed', tone: 'error' });
    expect(crashed.tooltip).toContain('Click');
    expect(serverStatus(view({ link: { state: 'waiting' } }))).toMatchObject({ text: 'typescript: reconnecting', tone: 'busy' });
    const refused = serverStatus(view({ link: { state: 'closed', reason: 'too many language servers are running in this workspace' } }));
    expect(refused.tooltip).toContain('too many');
  });
});
