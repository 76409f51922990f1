#!/usr/bin/env python3
"""Peer for QueueHarness: multiprocessing.Queue between a producer process and this consumer.

usage: python3 mp_queue_bench.py SIZE COUNT   -> prints "rate <messages/s>" (last COUNT of COUNT/4 + COUNT)
"""
import multiprocessing as mp
import sys
import time


def produce(q, size, total):
    item = b"x" * size
    for _ in range(total):
        q.put(item)


def main():
    size = int(sys.argv[1])
    count = int(sys.argv[2])
    warmup = count // 4
    q = mp.Queue(maxsize=10000)
    p = mp.Process(target=produce, args=(q, size, warmup + count))
    p.start()
    for _ in range(warmup):
        q.get()
    start = time.perf_counter()
    for _ in range(count):
        q.get()
    elapsed = time.perf_counter() - start
    p.join()
    print("rate %d" % (count / elapsed), flush=True)


if __name__ == "__main__":
    main()
