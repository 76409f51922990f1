"""Python peer of io.shmproc.benchmarks.process.StartLatencyHarness: child start as a user feels it.

start-user: Process.start() until the parent's Queue.get() returns the one object the child put (the child captured
the queue); pool4-first-result: Pool(4) creation until the first apply() result. Each with the spawn, forkserver
and fork start methods. Prints FIGURE lines (median ms; impl python-<method>) that the report collects.
Usage: python3 start_bench.py [runs] (default 12; --quick: 4).
"""
import multiprocessing as mp
import statistics
import sys
import time


def put_one(q):
    q.put("hello")


def square(x):
    return x * x


def user_path(ctx, runs):
    times = []
    q = ctx.Queue()
    for _ in range(runs):
        t0 = time.perf_counter()
        p = ctx.Process(target=put_one, args=(q,))
        p.start()
        q.get()
        times.append((time.perf_counter() - t0) * 1000)
        p.join()
    return statistics.median(times)


def pool_first(ctx, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        with ctx.Pool(4) as pool:
            pool.apply(square, (3,))
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def figure(scenario, impl, value):
    print("FIGURE %s %s ms %.3f ms" % (scenario, impl, value), flush=True)


if __name__ == "__main__":
    arg = sys.argv[1] if len(sys.argv) > 1 else "12"
    runs = 4 if arg == "--quick" else int(arg)
    for method in ("spawn", "forkserver", "fork"):
        ctx = mp.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload(["__main__"])
        user_path(ctx, 1)  # the forkserver starts on first use: not part of a start
        figure("start-user", "python-" + method, user_path(ctx, runs))
        figure("pool4-first-result", "python-" + method, pool_first(ctx, runs))
