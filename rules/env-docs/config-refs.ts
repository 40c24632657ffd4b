import { commentSpans, dirOf, inSpans, normalizePath, readEnvNames, type RepositoryFacts } from '../../src/api/index.js';

/**
 * Names a configuration gives the program through another file: a compose
 * service's `env_file:` (the keys of that dotenv file) and a Kubernetes
 * container's `envFrom:` (the `data:`/`stringData:` keys of the ConfigMap or
 * Secret it names). Each name is located where the other file spells it.
 */

type StructuredNode = NonNullable<ReturnType<RepositoryFacts['structured']>>['roots'][number];

/** A name another file gives, at its offsets in that file. */
export interface ReferencedName {
  name: string;
  path: string;
  start: number;
  end: number;
}

const child = (node: StructuredNode | undefined, key: string): StructuredNode | undefined => node?.entries?.find((e) => e.key === key)?.node;
const scalar = (node: StructuredNode | undefined): string | null => (typeof node?.value === 'string' ? node.value : null);

/** The files a compose file's services name in `env_file:` (a path, a list of paths, or a list of `{ path: … }`), relative to the repository. */
function composeEnvFiles(ws: RepositoryFacts, composePath: string): string[] {
  const out: string[] = [];
  for (const root of ws.structured(composePath)?.roots ?? []) {
    for (const service of child(root, 'services')?.entries ?? []) {
      const value = child(service.node, 'env_file');
      const items = value?.items ?? (value ? [value] : []);
      for (const item of items) {
        const file = scalar(item) ?? scalar(child(item, 'path'));
        const dir = dirOf(composePath);
        const path = file && !file.includes('$') && !file.startsWith('/') ? normalizePath(dir ? `${dir}/${file}` : file) : null;
        if (path) out.push(path);
      }
    }
  }
  return out;
}

/** The keys of the dotenv files a compose file's services load with `env_file:`; comments are not keys. */
export function composeEnvFileNames(ws: RepositoryFacts, composePath: string): ReferencedName[] {
  const out: ReferencedName[] = [];
  for (const path of new Set(composeEnvFiles(ws, composePath))) {
    const t = ws.isFile(path) ? ws.text(path) : undefined;
    if (!t) continue;
    const comments = commentSpans(t.text, 'hash', path);
    for (const r of readEnvNames('dotenv', t.text)) if (!inSpans(comments, r.start)) out.push({ name: r.name, path, start: r.start, end: r.end });
  }
  return out;
}

/** Every `envFrom:` reference under `node`, as `ConfigMap/name` or `Secret/name`. */
function envFromRefs(node: StructuredNode | undefined, out: Set<string>): void {
  if (!node) return;
  for (const e of node.entries ?? []) {
    if (e.key === 'envFrom') {
      for (const item of e.node.items ?? []) {
        const cm = scalar(child(child(item, 'configMapRef'), 'name'));
        const secret = scalar(child(child(item, 'secretRef'), 'name'));
        if (cm) out.add(`ConfigMap/${cm}`);
        if (secret) out.add(`Secret/${secret}`);
      }
    } else envFromRefs(e.node, out);
  }
  for (const item of node.items ?? []) envFromRefs(item, out);
}

/**
 * The keys of the ConfigMaps and Secrets that a container among `manifests` loads whole with `envFrom:`
 * (`configMapRef`/`secretRef` by name); a ConfigMap no container loads gives no variable.
 */
export function kubernetesEnvFromNames(ws: RepositoryFacts, manifests: readonly string[]): ReferencedName[] {
  const refs = new Set<string>();
  const documents: Array<{ path: string; root: StructuredNode }> = [];
  for (const path of manifests) {
    if (!/\.ya?ml$/i.test(path)) continue;
    for (const root of ws.structured(path)?.roots ?? []) {
      envFromRefs(root, refs);
      documents.push({ path, root });
    }
  }
  const out: ReferencedName[] = [];
  if (!refs.size) return out;
  for (const { path, root } of documents) {
    const kind = scalar(child(root, 'kind'));
    const name = scalar(child(child(root, 'metadata'), 'name'));
    if (!kind || !name || !refs.has(`${kind}/${name}`)) continue;
    for (const key of ['data', 'stringData']) for (const e of child(root, key)?.entries ?? []) out.push({ name: e.key, path, start: e.keyStart, end: e.keyEnd });
  }
  return out;
}
