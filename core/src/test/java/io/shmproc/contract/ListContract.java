package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shmproc.state.SharedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link SharedList} contract, run against every backend. */
abstract class ListContract extends ContractBase {
    @Test
    void shouldShareElementsWithTheOtherContext() {
        final String name = name("list");
        final SharedList<String> mine = mp().list(name);
        final SharedList<String> theirs = other().list(name);
        mine.add("a");
        mine.add("c");
        theirs.add(1, "b");
        assertEquals(List.of("a", "b", "c"), List.copyOf(mine));
        assertEquals("b", mine.set(1, "B"));
        assertEquals("B", theirs.get(1));
        assertEquals("a", theirs.remove(0));
        assertEquals(2, mine.size());
        assertThrows(IndexOutOfBoundsException.class, () -> mine.get(5));
        mine.clear();
        assertEquals(0, theirs.size());
    }
}
