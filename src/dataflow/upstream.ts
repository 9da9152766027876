/** Walking a graph's wires backwards. */

/** Every block upstream of `id` (wires followed backwards), not including it. */
export function upstreamOf(graph: { connections: ReadonlyArray<{ from: { node: string }; to: { node: string } }> }, id: string): string[] {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const c of graph.connections) {
      if (c.to.node === cur && !seen.has(c.from.node)) {
        seen.add(c.from.node);
        stack.push(c.from.node);
      }
    }
  }
  return [...seen];
}
