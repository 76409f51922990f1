/**
 * Managed objects (layer L4): Python's {@code BaseManager.register} — any object implementing an interface,
 * served by the process that registered it and called from every other process through a
 * {@link java.lang.reflect.Proxy} of that interface.
 *
 * <pre>
 *   client process                      shared directory                         serving process
 *   proxy.m(args) --request(id)--&gt;  [ NAME.requests  MPMC SharedQueue ] --&gt; dispatcher -&gt; call pool (threads)
 *   reader thread &lt;--reply(id)---  [ NAME.reply.PID.N  one per client ] &lt;--------------------'
 *                                   [ NAME.server   pid, start time    ]  liveness of the server
 * </pre>
 *
 * <p><b>Threads.</b> Proxies may be used by any number of threads; calls run on the server's pool and may
 * run concurrently, so a served object must be thread-safe (as under Python's manager, which serves each
 * connection on its own thread).
 *
 * <p><b>Crashes.</b> A call whose server died fails with {@link io.shmproc.exceptions.PeerDiedException}
 * within about 100 ms; a client that dies leaves only its reply queue, removed with the context.
 *
 * <p>Imports: {@code io.shmproc.queue}, {@code io.shmproc.state}, {@code io.shmproc.codec},
 * {@code io.shmproc.memory} and {@code io.shmproc.exceptions}.
 */
package io.shmproc.manager;
