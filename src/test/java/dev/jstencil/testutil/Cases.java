package dev.jstencil.testutil;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Argument sets for parameterized tests: cross products of backends, precisions and shapes. */
public final class Cases {
    /** The kernels written in Java (the native one is tested with the FFM code). */
    public static final List<Backend> JAVA_BACKENDS = List.of(Backend.INTERPRETED, Backend.VECTOR);
    public static final List<Precision> PRECISIONS = List.of(Precision.values());

    private Cases() {
    }

    /**
     * Every combination of one item from each axis, in order. An {@code int[]} item (a shape such as
     * {nx, ny} or {nx, ny, y0, y1}) contributes each of its numbers as a separate argument.
     */
    public static Stream<Arguments> cross(List<?>... axes) {
        Stream<List<Object>> combos = Stream.of(List.of());
        for (List<?> axis : axes) {
            combos = combos.flatMap(prefix -> axis.stream().map(item -> append(prefix, item)));
        }
        return combos.map(c -> Arguments.of(c.toArray()));
    }

    /** Shapes as a list of int[] rows, for {@link #cross}. */
    public static List<int[]> rows(int[]... rows) {
        return List.of(rows);
    }

    private static List<Object> append(List<Object> prefix, Object item) {
        List<Object> out = new ArrayList<>(prefix);
        if (item instanceof int[] numbers) {
            for (int n : numbers) {
                out.add(n);
            }
        } else {
            out.add(item);
        }
        return out;
    }
}
