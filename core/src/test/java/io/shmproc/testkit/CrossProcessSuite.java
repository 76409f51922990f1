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
 * Marks a test class whose contexts, child JVMs or cluster members live for the whole class: each test gets a
 * 120-second timeout, and the {@link SuiteLeakCheckExtension} fails the class when, after its
 * {@code @AfterAll}, a process it started is still running or a file of its is left in the shared-memory or
 * temp directory.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(SuiteLeakCheckExtension.class)
@Tag("cross-process")
public @interface CrossProcessSuite {
}
