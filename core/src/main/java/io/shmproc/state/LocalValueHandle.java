package io.shmproc.state;

import java.nio.file.Path;

/** A local shared value or array handle: all a handle's serialized form carries is its file. */
interface LocalValueHandle {
    /**
     * The file the value lives in.
     *
     * @return the file
     */
    Path file();
}
