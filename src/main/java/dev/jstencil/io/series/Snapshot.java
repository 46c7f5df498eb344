package dev.jstencil.io.series;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The state of some fields at one step: off-heap copies with the fields' own layout (so the format
 * writers read them like any {@link Field}), the step and the simulation time. Instances come from a
 * {@link SnapshotPool} and are reused: a format writer must not keep one after it returns.
 */
public final class Snapshot {
    private final List<String> names;
    private final List<Field> fields;
    private long step;
    private double time;

    Snapshot(List<String> names, List<Field> fields) {
        this.names = List.copyOf(names);
        this.fields = List.copyOf(fields);
    }

    /**
     * Copies {@code sources} (same layout as this snapshot's fields, in the same order) and stamps the
     * step and time. One bulk copy per field: the whole storage, ghosts and padding included.
     */
    void copyFrom(long step, double time, List<Field> sources) {
        if (sources.size() != fields.size()) {
            throw new IllegalArgumentException(sources.size() + " fields given, the series holds " + fields.size() + " (" + names + ")");
        }
        for (int i = 0; i < fields.size(); i++) {
            Field src = sources.get(i), dst = fields.get(i);
            if (!src.sameLayout(dst)) {
                throw new IllegalArgumentException("field '" + names.get(i) + "' is " + src + ", the series expects " + dst);
            }
            MemorySegment.copy(src.segment(), 0, dst.segment(), 0, dst.segment().byteSize());
        }
        this.step = step;
        this.time = time;
    }

    public long step() {
        return step;
    }

    /** Simulation time of this step. */
    public double time() {
        return time;
    }

    /** The fields' names, in order. */
    public List<String> names() {
        return names;
    }

    /** The copies, in the order of {@link #names()}. */
    public List<Field> fields() {
        return fields;
    }

    public Precision precision() {
        return fields.getFirst().precision();
    }

    public GridShape shape() {
        return fields.getFirst().shape();
    }
}
