/**
 * Markdown that rustdoc publishes: a file inside a crate's `src/` (axum's `axum/src/docs/middleware.md`, pulled into
 * the API docs with `#[doc = include_str!("docs/middleware.md")]`). Readers read it on docs.rs, where rustdoc resolves
 * intra-doc links (`[`tower::Service`]`, `fn@crate::middleware::from_fn`, `crate#sharing-state`) and its own
 * generated pages (`middleware/index.html#…`): those destinations are no repository paths.
 */
import { type RepositoryFacts } from '../../src/api/index.js';

/** Is the doc at `path` under the `src/` folder of a Rust crate (a folder with a Cargo.toml)? */
export function isRustdocFragment(ws: RepositoryFacts, path: string): boolean {
  const at = path.lastIndexOf('/src/');
  const crate = at < 0 ? (path.startsWith('src/') ? '' : null) : path.slice(0, at);
  return crate !== null && ws.isFile(crate ? `${crate}/Cargo.toml` : 'Cargo.toml');
}

/** A rustdoc intra-doc link (a Rust path, `kind@path`, `crate`/`self`/`super` with a fragment) or a page rustdoc generates. */
export function isRustdocDestination(url: string): boolean {
  const path = url.split('#')[0];
  return path.includes('::') || /^(?:[a-z]+@)?(?:crate|self|super)(?:$|[#:])/.test(url) || /^(?:[A-Za-z]+@)?[A-Za-z_][\w]*$/.test(path.replace(/`/g, '')) || /\.html$/.test(path);
}

/** A reference label rustdoc resolves as an intra-doc link (`[tower::load_shed]`, `` [`Router`] ``). */
export function isRustdocLabel(label: string): boolean {
  return label.includes('::') || /^`[^`]+`$/.test(label);
}
