/**
 * The test kit: child JVMs with timeouts ({@link io.shmproc.testkit.ChildJvm}) and a JUnit extension that
 * fails a test which leaks a process or a shared-memory file ({@link io.shmproc.testkit.CrossProcessTest}).
 */
package io.shmproc.testkit;
