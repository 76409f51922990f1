package io.shmproc;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Finds the {@link ShmprocBackend} that serves an address's scheme.
 */
final class Backends {
    private Backends() {
    }

    static Shmproc connect(final String address, final ConnectOptions options) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        final int colon = address.indexOf("://");
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + address + "' is not an address: write scheme://host:port,..., "
                + "for example aeron-cluster://127.0.0.1:9010");
        }
        final String scheme = address.substring(0, colon).toLowerCase(Locale.ROOT);
        final List<String> known = new ArrayList<>();
        for (final ShmprocBackend backend : ServiceLoader.load(ShmprocBackend.class, Backends.class.getClassLoader())) {
            if (backend.scheme().equals(scheme)) {
                return backend.connect(URI.create(scheme + address.substring(colon)), options);
            }
            known.add(backend.scheme());
        }
        throw new IllegalArgumentException("no shmproc backend serves '" + scheme + "://' (known: " + known
            + "); use Shmproc.open() for this host's memory");
    }
}
