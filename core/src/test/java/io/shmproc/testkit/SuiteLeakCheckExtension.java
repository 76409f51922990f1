package io.shmproc.testkit;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link LeakCheckExtension}'s check around a whole test class instead of each test: for suites whose
 * contexts, children or clusters live from {@code @BeforeAll} to {@code @AfterAll}.
 */
public final class SuiteLeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
        SuiteLeakCheckExtension.class);

    @Override
    public void beforeAll(final ExtensionContext context) {
        if (isNested(context)) {
            return;
        }
        context.getStore(NAMESPACE).put("files", LeakCheckExtension.snapshot());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(final ExtensionContext context) throws Exception {
        if (isNested(context)) {
            return;
        }
        LeakCheckExtension.check((Set<Path>) context.getStore(NAMESPACE).get("files"), context);
    }

    /** Nested classes inherit the extension; only the outermost class's lifetime is checked. */
    private static boolean isNested(final ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(Nested.class);
    }
}
