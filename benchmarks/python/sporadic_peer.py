"""Sporadic messages to a blocked consumer: Python's multiprocessing Queue and Pipe, beside shmproc's
SporadicHarness in the same run (same gaps, same sample counts, same protocol: the next stamp leaves GAP after
the consumer's answer). Prints FIGURE lines: scenarios sporadic-queue-<gap> (impls python-queue and python-pipe)
and sporadic-pipe-<gap> (python-pipe), metrics p50_ns and p99_ns; sporadic-cpu-queue / sporadic-cpu-pipe,
cpu_pct, the blocked consumer's CPU over the 2 s gaps.

    python3 benchmarks/python/sporadic_peer.py [--quick]
"""
import math
import multiprocessing as mp
import sys
import time

GAPS = [(0.001, "1ms"), (0.020, "20ms"), (0.200, "200ms"), (2.0, "2s")]
SAMPLES = [200, 50, 20, 5]
QUICK_SAMPLES = [50, 10, 5, 2]
WARMUP = 200


def consumer(kind, source, answers):
    while True:
        stamp = source.get() if kind == "queue" else source.recv()
        latency = time.monotonic_ns() - stamp
        if stamp < 0:
            return
        answers.send((latency, time.thread_time_ns()))


def measure(kind, samples):
    answers_in, answers_out = mp.Pipe(duplex=False)
    if kind == "queue":
        q = mp.Queue()
        send, source = q.put, q
    else:
        recv_end, send_end = mp.Pipe(duplex=False)
        send, source = send_end.send, recv_end
    child = mp.Process(target=consumer, args=(kind, source, answers_out))
    child.start()
    for _ in range(WARMUP):
        send(time.monotonic_ns())
        answers_in.recv()
    results = {}
    for (gap, name), count in zip(GAPS, samples):
        latencies = []
        cpu_first = cpu_last = wall_first = wall_last = 0
        for i in range(count):
            time.sleep(gap)
            send(time.monotonic_ns())
            latency, cpu = answers_in.recv()
            latencies.append(latency)
            if i == 0:
                cpu_first, wall_first = cpu, time.monotonic_ns()
            cpu_last, wall_last = cpu, time.monotonic_ns()
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, math.ceil(len(latencies) * 0.99) - 1)]
        results[name] = (latencies[len(latencies) // 2], p99)
        if name == "2s" and count > 1:
            results["cpu"] = 100.0 * (cpu_last - cpu_first) / (wall_last - wall_first)
    send(-1)
    child.join(30)
    return results


def figure(scenario, impl, metric, value, unit):
    print("FIGURE %s %s %s %.3f %s" % (scenario, impl, metric, value, unit), flush=True)


def main():
    samples = QUICK_SAMPLES if "--quick" in sys.argv else SAMPLES
    for kind in ("queue", "pipe"):
        results = measure(kind, samples)
        impl = "python-" + kind
        for _, name in GAPS:
            p50, p99 = results[name]
            scenarios = ["sporadic-queue-" + name] + (["sporadic-pipe-" + name] if kind == "pipe" else [])
            for scenario in scenarios:
                figure(scenario, impl, "p50_ns", p50, "ns")
                figure(scenario, impl, "p99_ns", p99, "ns")
        if "cpu" in results:
            for scenario in ["sporadic-cpu-" + kind] + (["sporadic-cpu-queue"] if kind == "pipe" else []):
                figure(scenario, impl, "cpu_pct", results["cpu"], "%")


if __name__ == "__main__":
    main()
