package io.shmproc;

import java.net.URI;

/**
 * A way to reach shmproc objects that are not in this host's memory, found by the scheme of the address given
 * to {@link Shmproc#connect(String, ConnectOptions)} with {@link java.util.ServiceLoader}.
 *
 * <p>shmproc ships one: {@code aeron-cluster}. A backend must not need its engine on the class path to be
 * loaded; it says what is missing when {@link #connect} is called.
 */
public interface ShmprocBackend {
    /**
     * The URI scheme this backend answers, for example {@code aeron-cluster}.
     *
     * @return the scheme, lower case
     */
    String scheme();

    /**
     * Connects to the objects at {@code address}.
     *
     * @param address the address, with this backend's scheme
     * @param options the key and timeouts
     * @return a connected context
     * @throws io.shmproc.exceptions.MissingDependencyException when the backend's engine is not on the class path
     */
    Shmproc connect(URI address, ConnectOptions options);
}
