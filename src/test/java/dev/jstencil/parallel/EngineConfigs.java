package dev.jstencil.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every (mode, barrier) pair worth testing: the barrier only matters for persistent teams. */
final class EngineConfigs {
    private EngineConfigs() {
    }

    static List<Object[]> modesAndBarriers() {
        List<Object[]> out = new ArrayList<>();
        for (ParallelMode mode : ParallelMode.values()) {
            if (mode.usesBarrier()) {
                for (BarrierKind b : BarrierKind.values()) {
                    out.add(new Object[] {mode, b});
                }
            } else {
                out.add(new Object[] {mode, BarrierKind.JDK});
            }
        }
        return out;
    }

    static Stream<Arguments> modesAndBarriersArgs() {
        return modesAndBarriers().stream().map(Arguments::of);
    }
}
