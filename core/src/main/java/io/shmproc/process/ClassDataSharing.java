package io.shmproc.process;

import java.util.List;

/** Placeholder: no class-data sharing options yet. */
final class ClassDataSharing {
    private ClassDataSharing() {
    }

    static List<String> options() {
        return List.of();
    }
}
