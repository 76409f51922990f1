/** JMH benchmarks and cross-process harnesses comparing shmproc with its peers, measured in the same run. */
package io.shmproc.benchmarks;
