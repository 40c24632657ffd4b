import { NodeProp, NodeType, Tree } from '@lezer/common';

/**
 * Lean syntax trees for long documents (issue 17). On a generated 1.2 MB
 * changelog the parsed tree held 44 MB live, all of it alive until the facts
 * are read, and two thirds of it was room nobody uses:
 *
 * - @lezer/common builds a node's `children` and `positions` with `push`,
 *   which gives each array room for 17 entries on the first push: a leaf
 *   block's tree (a paragraph: one buffer child) costs two 152-byte arrays.
 * - @lezer/markdown gives every block node its context hash as a node prop,
 *   and each node's props become an object of its own in dictionary mode
 *   (about 360 bytes), though all blocks of one context carry the same hash.
 *
 * As the parser builds the tree, each new node's arrays are copied to their
 * exact length (leaf blocks through `Tree.build`, container blocks through
 * `balance`), and a container's children share one props object per hash.
 * The trees are otherwise unchanged (same nodes, positions and props), so
 * every reader sees the same tree.
 */
type Mutable = { children: Tree['children']; positions: Tree['positions']; props: Record<number, unknown> | null };

const HASH_ID = (NodeProp.contextHash as unknown as { id: number }).id;
/** One props object per context hash; cleared when it grows (hashes follow nesting, so there are few). */
const sharedProps = new Map<unknown, Record<number, unknown>>();

function shareProps(tree: Mutable): void {
  const props = tree.props;
  if (!props) return;
  let keys = 0;
  for (const key in props) if (++keys > 1 || Number(key) !== HASH_ID) return;
  const hash = props[HASH_ID];
  const shared = sharedProps.get(hash);
  if (shared) tree.props = shared;
  else {
    if (sharedProps.size >= 4096) sharedProps.clear();
    sharedProps.set(hash, props);
  }
}

function compact(tree: Tree, deep: boolean): Tree {
  const t = tree as unknown as Mutable;
  t.children = t.children.slice();
  t.positions = t.positions.slice();
  for (const child of t.children) if (child instanceof Tree && (deep || child.type === NodeType.none)) compact(child, deep);
  return tree;
}

let installed = false;

/** Installs the compaction once per process (the parser's module and this one share @lezer/common's Tree). */
export function compactLezerTrees(): void {
  if (installed) return;
  installed = true;
  const build = Tree.build;
  // Leaf blocks: everything Tree.build returns is new except reused nodes, which were compacted when they were built.
  Tree.build = (data) => compact(build(data), true);
  const balance = Tree.prototype.balance;
  // Container blocks: their children were compacted already; balancing makes new anonymous nodes over them.
  Tree.prototype.balance = function (this: Tree, config) {
    for (const child of this.children) if (child instanceof Tree) shareProps(child as unknown as Mutable);
    return compact(balance.call(this, config), false);
  };
}
