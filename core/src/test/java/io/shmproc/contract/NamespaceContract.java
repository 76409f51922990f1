package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.state.Namespace;
import org.junit.jupiter.api.Test;

/** The {@link Namespace} contract, run against every backend. */
abstract class NamespaceContract extends ContractBase {
    @Test
    void shouldShareFieldsWithTheOtherContext() {
        final String name = name("ns");
        final Namespace mine = mp().namespace(name);
        final Namespace theirs = other().namespace(name);
        mine.set("x", 42L);
        mine.set("label", "hello");
        assertEquals(42L, theirs.getLong("x"));
        assertEquals("hello", theirs.getString("label"));
        assertTrue(theirs.has("x"));
        assertTrue(theirs.delete("x"));
        assertFalse(mine.has("x"));
    }
}
