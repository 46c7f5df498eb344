package dev.jstencil.ffm;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.Node;
import dev.jstencil.model.Model;
import java.util.Optional;

/**
 * Whether a model's lowered formulas are those of the built-in gray-scott model (same trees, same
 * slots, same parameter order), which is what the hand-written C kernel computes; and if so, which
 * slots hold its coefficients. Until the C code is generated from every model, this is what decides
 * whether {@code --backend native} can run a model.
 */
final class GrayScottMatch {
    /** The C kernel's arguments, already rounded to the run's precision. */
    record Coefficients(double du, double dv, double f, double fk, double dt, double invH2) {
    }

    private GrayScottMatch() {
    }

    static Optional<Coefficients> match(Lowered lowered, double[] slots) {
        if (lowered.dims() != 2) {
            return Optional.empty();
        }
        Model gs = Model.builtin("gray-scott");
        Lowered reference = Lowering.kernel(gs, 2, lowered.precision());
        if (!reference.roots().equals(lowered.roots()) || !reference.slots().equals(lowered.slots())) {
            return Optional.empty();
        }
        Node du = new Node.Param(gs.paramIndex("Du")), dv = new Node.Param(gs.paramIndex("Dv"));
        Node f = new Node.Param(gs.paramIndex("F")), k = new Node.Param(gs.paramIndex("k"));
        Node h = new Node.Setting(Node.Setting.Name.H);
        Node fk = new Node.Binary(Node.BinaryOp.ADD, f, k);
        Node dt = new Node.Setting(Node.Setting.Name.DT);
        Node invH2 = new Node.Binary(Node.BinaryOp.DIV, new Node.Const(1), new Node.Binary(Node.BinaryOp.MUL, h, h));
        return Optional.of(new Coefficients(slot(reference, du, slots), slot(reference, dv, slots), slot(reference, f, slots),
                slot(reference, fk, slots), slot(reference, dt, slots), slot(reference, invH2, slots)));
    }

    private static double slot(Lowered lowered, Node tree, double[] slots) {
        int i = lowered.slots().indexOf(tree);
        if (i < 0) {
            throw new IllegalStateException("the gray-scott model has no slot " + tree + ": its lowering changed");
        }
        return slots[i];
    }
}
