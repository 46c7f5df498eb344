package dev.jstencil.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    @Test
    void bandsCoverAllRowsInOrderAndDifferByAtMostOneRow() {
        for (int rows = 1; rows <= 70; rows++) {
            for (int parts = 1; parts <= 12; parts++) {
                List<Band> bands = Partitioner.split(rows, parts);
                assertEquals(Math.min(rows, parts), bands.size(), rows + " rows / " + parts);
                int next = 0, min = Integer.MAX_VALUE, max = 0;
                for (int i = 0; i < bands.size(); i++) {
                    Band b = bands.get(i);
                    assertEquals(i, b.index());
                    assertEquals(next, b.y0(), "bands must be contiguous");
                    assertTrue(b.rows() >= 1, "no empty band");
                    min = Math.min(min, b.rows());
                    max = Math.max(max, b.rows());
                    next = b.y1();
                }
                assertEquals(rows, next, "bands must end at the last row");
                assertTrue(max - min <= 1, "balanced within one row: " + bands);
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Partitioner.split(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.split(5, 0));
    }
}
