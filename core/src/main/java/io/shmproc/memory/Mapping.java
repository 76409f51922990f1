package io.shmproc.memory;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One mapping of a file and every {@link MappedBuffer} created over it; closing it invalidates the buffers and
 * then unmaps the file at once ({@link Unmapper}).
 */
final class Mapping {
    private final Path file;
    private final long length;
    private final List<MappedBuffer> views = new ArrayList<>();
    private MappedByteBuffer mapped;
    private volatile boolean closed;

    Mapping(final Path file, final MappedByteBuffer mapped) {
        this.file = file;
        this.mapped = mapped;
        this.length = mapped.capacity();
    }

    Path file() {
        return file;
    }

    boolean isClosed() {
        return closed;
    }

    synchronized MappedBuffer view(final int offset, final int viewLength) {
        if (closed) {
            throw new ClosedException(file + ": region handle is closed");
        }
        final MappedBuffer view = new MappedBuffer(this, mapped.slice(offset, viewLength), offset);
        views.add(view);
        return view;
    }

    CorruptRegionException lost(final InternalError e) {
        return new CorruptRegionException(file, "lost part of its memory: another process truncated the file"
            + " (mapped as " + length + " bytes); the shared object is lost", e);
    }

    /**
     * Invalidates every buffer, then unmaps. Idempotent.
     *
     * @return whether this call closed the mapping
     */
    boolean close() {
        final MappedByteBuffer toUnmap;
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            for (final MappedBuffer view : views) {
                view.invalidate();
            }
            views.clear();
            toUnmap = mapped;
            mapped = null;
        }
        Unmapper.unmap(toUnmap);
        return true;
    }
}
