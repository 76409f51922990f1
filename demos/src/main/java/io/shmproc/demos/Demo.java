package io.shmproc.demos;

/**
 * One runnable demo.
 *
 * @param name        the name given to {@code run}
 * @param description one line for {@code list}
 * @param mainClass   the class whose {@code main(String[])} runs it
 */
public record Demo(String name, String description, Class<?> mainClass) {
}
