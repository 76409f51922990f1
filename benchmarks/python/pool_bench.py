"""Python peer of io.shmproc.benchmarks.pool.PoolHarness: multiprocessing.Pool(2), trivial task x -> x * x.

Prints one JSON object: medians over RUNS runs of map (100,000 items, default chunksize), apply_async
(10,000 tasks with a callback), apply (2,000 calls) in tasks per second, and pool start until first result.
"""
import json
import multiprocessing as mp
import statistics
import sys
import threading
import time

MAP_ITEMS = 100_000
ASYNC_TASKS = 10_000
APPLY_CALLS = 2_000


def square(x):
    return x * x


def rate(count, fn):
    start = time.perf_counter()
    fn()
    return count / (time.perf_counter() - start)


def run_async(pool):
    done = threading.Event()
    counter = [0]

    def callback(_):
        counter[0] += 1
        if counter[0] == ASYNC_TASKS:
            done.set()

    for i in range(ASYNC_TASKS):
        pool.apply_async(square, (i,), callback=callback)
    done.wait()


def run_apply(pool):
    for i in range(APPLY_CALLS):
        pool.apply(square, (i,))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    items = list(range(MAP_ITEMS))
    starts = []
    for _ in range(3):
        start = time.perf_counter()
        with mp.Pool(2) as pool:
            pool.apply(square, (1,))
            starts.append((time.perf_counter() - start) * 1000)
    with mp.Pool(2) as pool:
        pool.map(square, items)  # warm-up
        maps = [rate(MAP_ITEMS, lambda: pool.map(square, items)) for _ in range(runs)]
        asyncs = [rate(ASYNC_TASKS, lambda: run_async(pool)) for _ in range(runs)]
        applies = [rate(APPLY_CALLS, lambda: run_apply(pool)) for _ in range(runs)]
    print(json.dumps({
        "python": sys.version.split()[0],
        "start_ms": statistics.median(starts),
        "map_per_s": statistics.median(maps),
        "apply_async_per_s": statistics.median(asyncs),
        "apply_per_s": statistics.median(applies),
    }))


if __name__ == "__main__":
    main()
