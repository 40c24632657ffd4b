import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { TempRepo } from './git-repo.js';

/**
 * GitHub shows README.md at github.com/OWNER/REPO/blob/main/README.md, so `../assets/demo.gif` is `demo.gif` on the
 * ref `assets` (jesseduffield/lazygit keeps its README's GIFs on an `assets` branch). Whether that works depends on
 * the ref: one the clone knows is left alone like a URL at another ref; one it does not know climbs out.
 */
describe('links: a relative link one folder past the root names another ref', () => {
  it('is left alone when the clone knows the ref, and reported when it does not', async () => {
    const repo = new TempRepo({
      'docwarden.yml': 'rules:\n  links: error\n',
      'README.md': '# Project\n\n![demo](../assets/demo.gif)\n\n[secret](../outside/secret.md)\n\n[releases](../../releases)\n',
    });
    repo.commit('readme');
    repo.git('branch', 'assets');
    const run = await cli(['--no-color', '--no-cache'], repo.root);
    expect(run.stdout).not.toContain('../assets/demo.gif');
    expect(run.stdout).not.toContain('../../releases');
    expect(run.stdout).toContain('`../outside/secret.md` points outside the repository');
    expect(run.stdout).toContain('1 problem');
  });
});
