package dev.jstencil.codegen;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash-consing of {@link Node} trees: equal subtrees become one instance, so a value the formulas
 * use twice (u*v*v in both Gray-Scott equations, the centre value u) is computed once by every
 * backend. Keys are shallow (an operation and its children's ids), so interning a tree with much
 * sharing, such as a written-out exp, costs time proportional to its distinct nodes.
 */
final class Interner {
    private record Key(Class<?> kind, Object data, List<Integer> children) {
    }

    private final Map<Key, Node> canonical = new HashMap<>();
    private final Map<Node, Integer> ids = new IdentityHashMap<>();
    private final Map<Node, Node> done = new IdentityHashMap<>();

    /** The canonical instance of {@code n}'s value. */
    Node intern(Node n) {
        Node seen = done.get(n);
        if (seen != null) {
            return seen;
        }
        Node result = switch (n) {
            case Node.Const c -> lookup(n, Double.doubleToRawLongBits(c.value()));
            case Node.Param p -> lookup(n, p.index());
            case Node.Setting s -> lookup(n, s.name());
            case Node.GridSize g -> lookup(n, g.axis());
            case Node.Slot s -> lookup(n, s.index());
            case Node.Load l -> lookup(n, List.of(l.field(), l.dx(), l.dy(), l.dz()));
            case Node.Index i -> lookup(n, i.axis());
            case Node.Rand r -> lookup(n, r.stream());
            case Node.Unary u -> {
                Node a = intern(u.a());
                yield lookup(new Node.Unary(u.op(), a), u.op(), a);
            }
            case Node.Binary b -> {
                Node a = intern(b.a()), c = intern(b.b());
                yield lookup(new Node.Binary(b.op(), a, c), b.op(), a, c);
            }
            case Node.Compare c -> {
                Node a = intern(c.a()), b = intern(c.b());
                yield lookup(new Node.Compare(c.op(), a, b), c.op(), a, b);
            }
            case Node.Logic l -> {
                Node a = intern(l.a()), b = intern(l.b());
                yield lookup(new Node.Logic(l.and(), a, b), l.and(), a, b);
            }
            case Node.Not x -> {
                Node a = intern(x.a());
                yield lookup(new Node.Not(a), null, a);
            }
            case Node.Select s -> {
                Node c = intern(s.condition()), a = intern(s.ifTrue()), b = intern(s.ifFalse());
                yield lookup(new Node.Select(c, a, b), null, c, a, b);
            }
            case Node.Pow2 p -> {
                Node k = intern(p.k());
                yield lookup(new Node.Pow2(k), null, k);
            }
            case Node.Exp e -> {
                Node a = intern(e.a());
                yield lookup(new Node.Exp(a), null, a);
            }
            case Node.Floor f -> {
                Node a = intern(f.a());
                yield lookup(new Node.Floor(a), null, a);
            }
        };
        done.put(n, result);
        done.put(result, result);
        return result;
    }

    private Node lookup(Node candidate, Object data, Node... children) {
        Integer[] childIds = new Integer[children.length];
        for (int i = 0; i < children.length; i++) {
            childIds[i] = ids.get(children[i]);
        }
        Key key = new Key(candidate.getClass(), data, List.of(childIds));
        Node existing = canonical.get(key);
        if (existing != null) {
            return existing;
        }
        canonical.put(key, candidate);
        ids.put(candidate, ids.size());
        return candidate;
    }
}
