import { describe, expect, it } from 'vitest';
import { expandPermalink, urlize, urlRulesOf } from '../src/sites/hugo-permalinks.js';
import { buildHugoRefIndex, parseContentPath, resolveHugoRef } from '../src/sites/hugo-refs.js';

describe('Hugo permalinks', () => {
  // Tokens as Hugo's documentation lists them (content-management/urls.md, "Tokens").
  const fm = { title: 'Hello World!', date: '2024-03-05T10:00:00Z' };
  it('expands date, title, slug and section tokens', () => {
    expect(expandPermalink('/:year/:month/:day/:title/', fm, ['posts'], 'hello')).toBe('/2024/03/05/hello-world/');
    expect(expandPermalink('/:section/:monthname/:weekdayname/:yearday/', fm, ['posts'], 'hello')).toBe('/posts/March/Tuesday/65/');
    expect(expandPermalink('/:sections[last]/:sections[0:1]/:slugorcontentbasename/', fm, ['docs', 'api'], 'bundle')).toBe('/api/docs/bundle/');
    expect(expandPermalink('/:slug/', { ...fm, slug: 'Custom Slug' }, ['posts'], 'hello')).toBe('/custom-slug/');
  });
  it('leaves a pattern with an unknown token to the content path', () => {
    expect(expandPermalink('/:year/:unknowntoken/', fm, ['posts'], 'hello')).toBeNull();
  });
  it('reads patterns per section and per kind, and uglyURLs per section', () => {
    const rules = urlRulesOf({ permalinks: { posts: '/:year/:title/', section: { posts: '/articles/' } }, uglyURLs: { notes: true } });
    expect(rules.permalink('page', ['posts', '2024'])).toBe('/:year/:title/');
    expect(rules.permalink('section', ['posts'])).toBe('/articles/');
    expect(rules.permalink('page', ['docs'])).toBeUndefined();
    expect([rules.ugly('notes'), rules.ugly('posts')]).toEqual([true, false]);
  });
  it('urlizes as Hugo does', () => {
    expect(urlize('  Hello,  World: C++ & Go ')).toBe('hello-world-c++-go');
    expect(urlize('Tags & emojis 🥳')).toBe('tags-emojis');
  });
});

describe('Hugo ref and relref', () => {
  const files = ['content/_index.md', 'content/docs/_index.md', 'content/docs/a.md', 'content/docs/b/index.md', 'content/docs/b/c.md', 'content/blog/a.md', 'content/about.fr.md'];
  const index = buildHugoRefIndex(files, [{ folder: 'content', lang: 'en', contentPath: '' }], new Set(['en', 'fr']), 'ERROR');
  const ref = (from: string, r: string) => resolveHugoRef(index, from, r);
  it('parses content paths as Hugo does', () => {
    expect(parseContentPath('docs/b/index.md', new Set())).toMatchObject({ path: '/docs/b', name: 'b', kind: 'leaf' });
    expect(parseContentPath('about.fr.md', new Set(['fr']))).toMatchObject({ path: '/about', lang: 'fr' });
    expect(parseContentPath('_index.md', new Set())).toMatchObject({ path: '/', kind: 'branch' });
  });
  it('resolves from the page, then the content root, then by base name', () => {
    expect(ref('content/docs/a.md', 'b').target).toBe('content/docs/b/index.md');
    expect(ref('content/docs/b/index.md', 'a').target).toBe('content/docs/a.md');
    expect(ref('content/docs/b/index.md', '../a.md').target).toBe('content/docs/a.md');
    expect(ref('content/docs/_index.md', 'a').target).toBe('content/docs/a.md');
    expect(ref('content/blog/a.md', '/docs/a').target).toBe('content/docs/a.md');
    expect(ref('content/blog/a.md', 'c').target).toBe('content/docs/b/c.md');
    expect(ref('content/blog/a.md', '/').target).toBe('content/_index.md');
    expect(ref('content/blog/a.md', './c').target).toBe(null);
  });
  it('finds a name two pages share ambiguous, unless the page has one beside it', () => {
    expect(ref('content/about.fr.md', 'a').ambiguous).toEqual(['content/docs/a.md', 'content/blog/a.md']);
    expect(ref('content/blog/a.md', 'a').target).toBe('content/blog/a.md');
  });
});
