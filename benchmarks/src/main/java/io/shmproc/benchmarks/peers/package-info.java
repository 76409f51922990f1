/** Peers measured beside shmproc in the same run: kernel sockets between two JVMs. */
package io.shmproc.benchmarks.peers;
