#!/usr/bin/env python3
"""Python's multiprocessing.managers.BaseManager over TCP on 127.0.0.1: the peer of shmproc's cluster backend
(benchmarks/.../cluster/ClusterHarness) and Hazelcast (HazelcastHarness) in the cluster scenarios, with the same
operations, counts and protocol as RemoteOpBench.java.

A manager server process (started by BaseManager.start()) serves a dict, a queue.Queue, a counter object whose
increment() runs under a lock in the server, and one threading.Lock per client thread (AcquirerProxy). This
process is the client: per scenario WARMUP untimed operations, LATENCY_OPS timed one at a time, then THREADS
threads (each its own connection to the server, as proxies have) run PER_THREAD operations each, then
MANY_THREADS threads run PER_MANY each (many_ops_per_s).

Prints FIGURE lines, impl python-manager: scenarios cluster-queue (put + get), cluster-dict-get, cluster-dict-put,
cluster-counter-incr, cluster-lock (acquire + release); metrics ops_per_s, many_ops_per_s, p50_ns, p99_ns.

    python3 benchmarks/python/manager_remote.py [--quick]
"""
import math
import os
import queue
import sys
import threading
import time
from multiprocessing.managers import AcquirerProxy, BaseManager, DictProxy

THREADS = 4
MANY_THREADS = 32             # RemoteOpBench.MANY_THREADS
KEYS = 1000
FULL = (1000, 5000, 2500, 1000)   # warmup, latency ops, ops per thread, per many-thread: RemoteOpBench.Counts.FULL
QUICK = (200, 1000, 250, 50)      # RemoteOpBench.Counts.QUICK
IMPL = "python-manager"


class Counter:
    """A counter served by the manager; increment() is atomic across the server's connection threads."""

    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            self._value += 1
            return self._value


_DICT = {}
_QUEUE = queue.Queue()
_COUNTER = Counter()
_LOCKS = {}
_LOCKS_LOCK = threading.Lock()


def get_dict():
    return _DICT


def get_queue():
    return _QUEUE


def get_counter():
    return _COUNTER


def get_lock(name):
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(name, threading.Lock())


class BenchManager(BaseManager):
    pass


BenchManager.register("get_dict", get_dict, DictProxy)
BenchManager.register("get_queue", get_queue)
BenchManager.register("get_counter", get_counter)
BenchManager.register("get_lock", get_lock, AcquirerProxy)


class Worker:
    """The handles of one client thread (a proxy opens its own connection in each thread that uses it)."""

    def __init__(self, manager, thread):
        self.queue = manager.get_queue()
        self.dict = manager.get_dict()
        self.counter = manager.get_counter()
        self.lock = manager.get_lock("bench-lock-%d" % thread)

    def op(self, scenario):
        if scenario == "cluster-queue":
            def queue_put_take(i):
                self.queue.put(i)
                return self.queue.get()
            return queue_put_take
        if scenario == "cluster-dict-get":
            return lambda i: self.dict[i % KEYS]
        if scenario == "cluster-dict-put":
            def dict_put(i):
                self.dict[i % KEYS] = i
            return dict_put
        if scenario == "cluster-counter-incr":
            return lambda i: self.counter.increment()
        if scenario == "cluster-lock":
            def lock_acquire_release(i):
                self.lock.acquire()
                self.lock.release()
            return lock_acquire_release
        raise ValueError("scenario=%s is unknown" % scenario)


SCENARIOS = ["cluster-queue", "cluster-dict-get", "cluster-dict-put", "cluster-counter-incr", "cluster-lock"]


def percentile(sorted_ns, p):
    return sorted_ns[max(0, math.ceil(len(sorted_ns) * p / 100.0) - 1)]


def latency(op, warmup, count):
    for i in range(warmup):
        op(i)
    samples = []
    for i in range(count):
        start = time.perf_counter_ns()
        op(i)
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    return percentile(samples, 50), percentile(samples, 99)


def throughput(ops, per_thread):
    ready = threading.Barrier(len(ops) + 1)
    failures = []

    def run(op, offset):
        ready.wait()
        try:
            for i in range(per_thread):
                op(offset + i)
        except Exception as e:  # reported below, as the Java harness does
            failures.append(e)

    threads = [threading.Thread(target=run, args=(op, t * KEYS // len(ops))) for t, op in enumerate(ops)]
    for t in threads:
        t.start()
    ready.wait()
    start = time.perf_counter_ns()
    for t in threads:
        t.join()
    elapsed = time.perf_counter_ns() - start
    if failures:
        raise failures[0]
    return len(ops) * per_thread * 1e9 / elapsed


def figure(scenario, metric, value, unit):
    print("FIGURE %s %s %s %.3f %s" % (scenario, IMPL, metric, value, unit), flush=True)


def main():
    warmup, latency_ops, per_thread, per_many = QUICK if "--quick" in sys.argv else FULL
    manager = BenchManager(address=("127.0.0.1", 0), authkey=os.urandom(16))
    manager.start()
    try:
        print("python-manager: server pid %d on %s:%d" % ((manager._process.pid,) + manager.address), flush=True)
        many = [Worker(manager, t) for t in range(MANY_THREADS)]
        workers = many[:THREADS]
        for k in range(KEYS):
            workers[0].dict[k] = k
        for scenario in SCENARIOS:
            try:
                p50, p99 = latency(workers[0].op(scenario), warmup, latency_ops)
                rate = throughput([w.op(scenario) for w in workers], per_thread)
                many_rate = throughput([w.op(scenario) for w in many], per_many)
            except Exception as e:
                print("no figure for %s %s: %r" % (scenario, IMPL, e), flush=True)
                continue
            figure(scenario, "ops_per_s", rate, "ops/s")
            figure(scenario, "many_ops_per_s", many_rate, "ops/s")
            figure(scenario, "p50_ns", p50, "ns")
            figure(scenario, "p99_ns", p99, "ns")
    finally:
        manager.shutdown()


if __name__ == "__main__":
    main()
