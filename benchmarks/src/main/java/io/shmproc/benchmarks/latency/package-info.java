/**
 * Latency as a person feels it: sporadic messages to a consumer blocked in another JVM, beside Python's
 * {@code multiprocessing} measured in the same run ({@code benchmarks/python/sporadic_peer.py}).
 */
package io.shmproc.benchmarks.latency;
