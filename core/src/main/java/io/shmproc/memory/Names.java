package io.shmproc.memory;

import java.util.regex.Pattern;

/**
 * Validation of the names users give shared objects: each becomes a file name inside a context directory.
 *
 * <p>A valid name has 1 to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9._-]}, does not start
 * with {@code '.'} (hidden names are shmproc's own) and so can never be {@code ..} or contain {@code /}.
 */
public final class Names {
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 200;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private Names() {
    }

    /**
     * Returns the name if it is valid.
     *
     * @param name a user-given name
     * @return the same name
     * @throws IllegalArgumentException naming the value and what is expected
     */
    public static String validate(final String name) {
        if (name == null) {
            throw new IllegalArgumentException("name is null; give a name of 1 to " + MAX_LENGTH + " characters");
        }
        if (name.isEmpty() || name.length() > MAX_LENGTH || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("name='" + printable(name) + "' is not valid: use 1 to " + MAX_LENGTH
                + " characters from [A-Za-z0-9._-], not starting with '.' (no '/', no '..')");
        }
        return name;
    }

    private static String printable(final String name) {
        final String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
