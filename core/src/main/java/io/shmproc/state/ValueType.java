package io.shmproc.state;

/** The element types of shared values and arrays, with their stable codes stored in the region. */
enum ValueType {
    /** {@code long}, Python typecode {@code 'l'} / {@code 'q'}. */
    LONG(1, Long.BYTES),
    /** {@code int}, Python typecode {@code 'i'}. */
    INT(2, Integer.BYTES),
    /** {@code double}, Python typecode {@code 'd'}. */
    DOUBLE(3, Double.BYTES),
    /** {@code byte}, Python typecode {@code 'b'}. */
    BYTE(4, Byte.BYTES);

    private final int code;
    private final int size;

    ValueType(final int code, final int size) {
        this.code = code;
        this.size = size;
    }

    int code() {
        return code;
    }

    int size() {
        return size;
    }

    static ValueType ofCode(final int code) {
        for (final ValueType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
