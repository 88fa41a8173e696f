"""The dependency graph of measures: stable topological order, waves and cycles.

An edge ``a → b`` means "a must finish before b starts" (b depends_on a). Only
measures that exist are nodes; unknown ids are reported by R005 and left out.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable

import networkx as nx

from egovkit.model import Measure


def build_graph(measures: Iterable[Measure]) -> nx.DiGraph:
    graph = nx.DiGraph()
    items = list(measures)
    ids = {m.id for m in items}
    graph.add_nodes_from(m.id for m in items)
    graph.add_edges_from(
        (dep, m.id) for m in items for dep in m.depends_on if dep in ids and dep != m.id
    )
    return graph


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One representative cycle per strongly connected component, rotated to start at its
    smallest id, so the report is stable: ``[A, B, C]`` means A → B → C → A."""
    out = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        sub = graph.subgraph(component)
        start = min(component)
        cycle = nx.find_cycle(sub, source=start)
        nodes = [edge[0] for edge in cycle]
        pivot = nodes.index(min(nodes))
        out.append(nodes[pivot:] + nodes[:pivot])
    return sorted(out)


def stable_order(graph: nx.DiGraph, key: Callable[[str], Hashable]) -> list[str]:
    """Kahn's algorithm taking the ready node with the smallest ``key`` first.

    Deterministic for any insertion order; raises ``nx.NetworkXUnfeasible`` on cycles.
    """
    indegree = {node: graph.in_degree(node) for node in graph}
    ready = [(key(node), node) for node, deg in indegree.items() if deg == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for succ in graph.successors(node):
            indegree[succ] -= 1
            if indegree[succ] == 0:
                heapq.heappush(ready, (key(succ), succ))
    if len(order) != len(indegree):
        raise nx.NetworkXUnfeasible("graph contains a cycle")
    return order


def waves(graph: nx.DiGraph, order: Iterable[str] | None = None) -> dict[str, int]:
    """Level of each measure: 0 for measures without prerequisites, else 1 + max level of
    them; ``order``, a topological order of ``graph`` if one is at hand, saves sorting."""
    level: dict[str, int] = {}
    for node in nx.topological_sort(graph) if order is None else order:
        level[node] = max((level[p] + 1 for p in graph.predecessors(node)), default=0)
    return level
