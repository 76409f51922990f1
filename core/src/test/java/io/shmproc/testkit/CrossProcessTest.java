package io.shmproc.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests start child JVMs or touch shared memory: each test gets a 120-second
 * timeout (override with {@link Timeout} on the method) and the {@link LeakCheckExtension}, which fails a test
 * that leaks a process or a file in the shared-memory directory.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(LeakCheckExtension.class)
@Tag("cross-process")
public @interface CrossProcessTest {
}
