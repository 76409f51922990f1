#!/usr/bin/env python3
"""Python's multiprocessing Manager().list() throughput: the peer of shmproc's SharedList scenarios.

Single process, int elements, a list of 1,000 elements: append, get (l[i]), set (l[i] = v), insert(0, v) and
pop(0) (rounds of 1,000 inserts at the front, then 1,000 pops from the front, so the size stays 1,000-2,000).

    python3 benchmarks/python/manager_list.py [seconds]
"""
import multiprocessing as mp
import sys
import time

SIZE = 1000


def timed(seconds, step):
    n = 0
    end = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        for _ in range(100):
            step(n)
            n += 1
    return n / (time.perf_counter() - start)


def front(l, seconds):
    inserts = pops = 0
    insert_time = pop_time = 0.0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        for i in range(SIZE):
            l.insert(0, i)
        insert_time += time.perf_counter() - t
        inserts += SIZE
        t = time.perf_counter()
        for _ in range(SIZE):
            l.pop(0)
        pop_time += time.perf_counter() - t
        pops += SIZE
    return inserts / insert_time, pops / pop_time


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    with mp.Manager() as manager:
        grow = manager.list()
        print("python-manager list append x1      %12.0f ops/s" % timed(seconds, lambda n: grow.append(n)))
        l = manager.list(range(SIZE))
        print("python-manager list get x1         %12.0f ops/s" % timed(seconds, lambda n: l[n % SIZE]))
        print("python-manager list set x1         %12.0f ops/s" % timed(seconds, lambda n: l.__setitem__(n % SIZE, n)))
        insert, pop = front(l, seconds)
        print("python-manager list insert0 x1     %12.0f ops/s" % insert)
        print("python-manager list remove0 x1     %12.0f ops/s" % pop)


if __name__ == "__main__":
    main()
