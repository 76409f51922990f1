#!/usr/bin/env python3
"""Python's multiprocessing Manager().dict() throughput: the peer of shmproc's SharedDict benchmarks.

Single process: sets/s and gets/s of int -> int and 16-character str -> 64-byte bytes, and
Value('l').get_lock() increments/s. Two processes: one setting while the other gets.

    python3 benchmarks/python/manager_dict.py [seconds]
"""
import multiprocessing as mp
import sys
import time

KEYS = 1000


def keys_values(kind):
    if kind == "long":
        return list(range(KEYS)), list(range(KEYS))
    return [("key-%012d" % i)[:16] for i in range(KEYS)], [bytes(64) for _ in range(KEYS)]


def loop(d, kind, op, seconds, result=None):
    ks, vs = keys_values(kind)
    n = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(100):
            i = n % KEYS
            if op == "set":
                d[ks[i]] = vs[i]
            else:
                d.get(ks[i])
            n += 1
    rate = n / seconds
    if result is not None:
        result.value = rate
    return rate


def counter(v, seconds, result):
    n = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(100):
            with v.get_lock():
                v.value += 1
            n += 1
    result.value = n / seconds


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    with mp.Manager() as manager:
        for kind in ("long", "string"):
            d = manager.dict()
            ks, vs = keys_values(kind)
            for k, v in zip(ks, vs):
                d[k] = v
            print("python-manager %-6s set x1          %12.0f ops/s" % (kind, loop(d, kind, "set", seconds)))
            print("python-manager %-6s get x1          %12.0f ops/s" % (kind, loop(d, kind, "get", seconds)))
            a, b = mp.Value("d", 0.0), mp.Value("d", 0.0)
            w = mp.Process(target=loop, args=(d, kind, "set", seconds, a))
            r = mp.Process(target=loop, args=(d, kind, "get", seconds, b))
            w.start(); r.start(); w.join(); r.join()
            print("python-manager %-6s set/get x2      %12.0f %12.0f ops/s" % (kind, a.value, b.value))
    v = mp.Value("l", 0)
    one = mp.Value("d", 0.0)
    p = mp.Process(target=counter, args=(v, seconds, one)); p.start(); p.join()
    print("python-value   counter x1             %12.0f incr/s" % one.value)
    a, b = mp.Value("d", 0.0), mp.Value("d", 0.0)
    ps = [mp.Process(target=counter, args=(v, seconds, x)) for x in (a, b)]
    [p.start() for p in ps]; [p.join() for p in ps]
    print("python-value   counter x2             %12.0f %12.0f incr/s" % (a.value, b.value))


if __name__ == "__main__":
    main()
