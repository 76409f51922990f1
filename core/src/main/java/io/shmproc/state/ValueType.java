package io.shmproc.state;

/** The element types of shared values and arrays, with their stable codes stored in the region. */
public enum ValueType {
    /** {@code long}, Python typecode {@code 'l'} / {@code 'q'}. */
    LONG(1, Long.BYTES),
    /** {@code int}, Python typecode {@code 'i'}. */
    INT(2, Integer.BYTES),
    /** {@code double}, Python typecode {@code 'd'}. */
    DOUBLE(3, Double.BYTES),
    /** {@code byte}, Python typecode {@code 'b'}. */
    BYTE(4, Byte.BYTES),
    /** {@code short}, Python typecode {@code 'h'}. */
    SHORT(5, Short.BYTES);

    private final int code;
    private final int size;

    ValueType(final int code, final int size) {
        this.code = code;
        this.size = size;
    }

    /**
     * The code stored in the region.
     *
     * @return the stable code
     */
    public int code() {
        return code;
    }

    /**
     * The bytes of one element.
     *
     * @return 1, 2, 4 or 8
     */
    public int size() {
        return size;
    }

    /**
     * The type with a code.
     *
     * @param code a type word
     * @return the type, or {@code null} when no type has that code
     */
    public static ValueType ofCode(final int code) {
        for (final ValueType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
