#!/usr/bin/env python3
"""Python multiprocessing.Pipe as a peer of shmproc's Pipe: the same scenarios as PipeHarness.

One producer process to one consumer process: send_bytes/recv_bytes of 32- and 256-byte messages, send/recv of a
12-character string (pickled), and a 32-byte ping-pong round trip. Prints FIGURE lines (impl python-pipe) that the
benchmark report collects.

    python3 benchmarks/python/pipe_peer.py [--quick]
"""
import multiprocessing as mp
import sys
import time

OBJECT = "hello-123456"


def produce_bytes(conn, count, size):
    message = bytes(size)
    for _ in range(count):
        conn.send_bytes(message)
    conn.close()


def produce_objects(conn, count):
    for _ in range(count):
        conn.send(OBJECT)
    conn.close()


def pong(conn, count):
    for _ in range(count):
        conn.send_bytes(conn.recv_bytes())
    conn.close()


def throughput(count, size, objects=False):
    reader, writer = mp.Pipe(duplex=False)
    target = produce_objects if objects else produce_bytes
    args = (writer, count) if objects else (writer, count, size)
    child = mp.Process(target=target, args=args)
    child.start()
    writer.close()
    warmup = count // 10
    receive = reader.recv if objects else reader.recv_bytes
    for _ in range(warmup):
        receive()
    start = time.perf_counter()
    for _ in range(count - warmup):
        receive()
    elapsed = time.perf_counter() - start
    child.join()
    return (count - warmup) / elapsed


def round_trips(trips):
    here, there = mp.Pipe()
    warmup = trips // 5
    child = mp.Process(target=pong, args=(there, trips + warmup))
    child.start()
    ping = bytes(32)
    samples = []
    for i in range(trips + warmup):
        start = time.perf_counter_ns()
        here.send_bytes(ping)
        here.recv_bytes()
        if i >= warmup:
            samples.append(time.perf_counter_ns() - start)
    child.join()
    samples.sort()
    return {p: samples[min(len(samples) - 1, int(len(samples) * p / 100))] for p in (50, 90, 99, 99.9)}


def figure(scenario, metric, value, unit):
    print("FIGURE %s python-pipe %s %.3f %s" % (scenario, metric, value, unit), flush=True)


def main():
    quick = "--quick" in sys.argv
    count = 200_000 if quick else 1_000_000
    trips = 20_000 if quick else 100_000
    for size in (32, 256):
        figure("pipe-tput-%d" % size, "msgs_per_s", throughput(count, size), "msgs/s")
    figure("pipe-tput-object", "msgs_per_s", throughput(count, 0, objects=True), "msgs/s")
    for p, value in round_trips(trips).items():
        figure("pipe-rtt-32", "p999_ns" if p == 99.9 else "p%d_ns" % p, value, "ns")


if __name__ == "__main__":
    main()
