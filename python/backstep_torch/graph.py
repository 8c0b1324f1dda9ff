"""Which module made each autograd node, and the nodes a backward() will run.

A module call's nodes are those reachable backwards from its outputs' grad_fn, stopping at the
grad_fn of its inputs; a node already given to a module keeps it (the walk goes on through it).
Inner modules finish first, so a node goes to the innermost module that made it. (A tensor made outside a module and used inside it
without being an input — a captured mask — has its nodes given to that module.)
"""


def _walk(starts, stop):
    """Nodes reachable from `starts` through next_functions, not entering `stop` (a set of ids)."""
    out, todo, seen = [], list(starts), set()
    while todo:
        node = todo.pop()
        if node is None or id(node) in seen or id(node) in stop:
            continue
        seen.add(id(node))
        out.append(node)
        todo.extend(n for n, _ in node.next_functions)
    return out


def graph_nodes(roots):
    """Every node of the graph under the roots (not the AccumulateGrad leaves: they are no op)."""
    return [n for n in _walk([r.grad_fn for r in roots if r.grad_fn is not None], set())
            if not hasattr(n, 'variable')]


class Attribution:
    def __init__(self):
        self.module = {}  # id(node) → (node, module path); the node is held so its id stays its own
        self.stops = []

    def enter(self, inputs):
        # The nodes are held, not only their ids: a freed node's id can be the id of the next one made.
        self.stops.append({id(t.grad_fn): t.grad_fn for t in inputs if t.grad_fn is not None})

    def leave(self, path, outputs):
        stop = set(self.stops.pop()) if self.stops else set()
        for node in _walk([t.grad_fn for t in outputs if t.grad_fn is not None], stop):
            if id(node) not in self.module:
                self.module[id(node)] = (node, path)

    def module_of(self, node):
        known = self.module.get(id(node))
        return known[1] if known is not None else ''
