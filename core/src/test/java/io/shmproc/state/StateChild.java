package io.shmproc.state;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;

/** Child JVM programs of the shared-state tests: {@code <mode> <context dir> args...}. */
final class StateChild {
    private StateChild() {
    }

    /** Dict options used by the crash tests: small segments, so rebuilds and new segments are frequent. */
    static DictOptions<String, String> crashDictOptions() {
        return DictOptions.of(Codecs.string(), Codecs.string()).segmentBytes(4096);
    }

    static String crashKey(final int round, final int i) {
        return "r" + round + "-k" + i;
    }

    static String crashValue(final int round, final int i) {
        return ("v" + round + "-" + i + "-").repeat(1 + i % 7);
    }

    @SuppressWarnings("unchecked")
    private static void deserialize(final String base64) throws Exception {
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(
            java.util.Base64.getDecoder().decode(base64)))) {
            final SharedDict<String, Object> dict = (SharedDict<String, Object>) in.readObject();
            final SharedList<Object> list = (SharedList<Object>) in.readObject();
            final SharedLong counter = (SharedLong) in.readObject();
            dict.put("child", ProcessHandle.current().pid());
            list.add("from-child");
            counter.addAndGet(10);
            dict.close();
            list.close();
            counter.close();
        }
    }

    public static void main(final String[] args) throws Exception {
        final String mode = args[0];
        if (mode.equals("deserialize")) {
            deserialize(args[1]);
            return;
        }
        try (Shmproc mp = Shmproc.attach(Path.of(args[1]))) {
            switch (mode) {
                case "count": {
                    final int n = Integer.parseInt(args[2]);
                    final SharedLong l = mp.sharedLong("long", 0);
                    final SharedInt i = mp.sharedInt("int", 0);
                    final SharedDouble d = mp.sharedDouble("double", 0);
                    final SharedLongArray la = mp.sharedLongArray("longs", 4);
                    final SharedByteArray ba = mp.sharedByteArray("bytes", 8);
                    final SharedLong locked = mp.sharedLong("locked", 0);
                    System.out.println("ready");
                    for (int k = 0; k < n; k++) {
                        l.incrementAndGet();
                        i.getAndAdd(2);
                        d.getAndAdd(0.5);
                        la.incrementAndGet(k & 3);
                        ba.updateAndGet(k & 7, b -> b + 1);
                        final Lock lock = locked.lock();
                        lock.lock();
                        try {
                            locked.set(locked.get() + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                    break;
                }
                case "hold-lock": {
                    final SharedLong v = mp.sharedLong("guarded", 0);
                    v.lock().lock();
                    System.out.println("locked");
                    Thread.sleep(60_000);
                    break;
                }
                case "dict-writer": {
                    final SharedDict<String, Long> dict = mp.dict("d", DictOptions.of(Codecs.string(), Codecs.longs()));
                    final String prefix = args[2];
                    final int n = Integer.parseInt(args[3]);
                    System.out.println("ready");
                    for (int k = 0; k < n; k++) {
                        dict.put(prefix + k, (long) k);
                        dict.merge("total", 1L, Long::sum);
                    }
                    break;
                }
                case "dict-crash": {
                    final int round = Integer.parseInt(args[2]);
                    final SharedDict<String, String> dict = mp.dict("crash", crashDictOptions());
                    final SharedLong progress = mp.sharedLong("progress-" + round, -1);
                    System.out.println("started");
                    for (int k = 0; ; k++) {
                        dict.put(crashKey(round, k), crashValue(round, k));
                        if (k % 4 == 0 && k >= 2) {
                            dict.remove(crashKey(round, k - 2));
                        }
                        progress.set(k);
                    }
                }
                case "list-remove-if": {
                    final SharedList<String> list = mp.list("l", ListOptions.of(Codecs.string()));
                    if (!list.removeIf(s -> s.startsWith("drop"))) {
                        System.exit(3);
                    }
                    break;
                }
                case "list-append": {
                    final SharedList<String> list = mp.list("l", ListOptions.of(Codecs.string()));
                    final String prefix = args[2];
                    final int n = Integer.parseInt(args[3]);
                    System.out.println("ready");
                    for (int k = 0; k < n; k++) {
                        list.add(prefix + k);
                    }
                    break;
                }
                case "list-crash": {
                    final int round = Integer.parseInt(args[2]);
                    final SharedList<String> list = mp.list("crash",
                        ListOptions.of(Codecs.string()).segmentBytes(4096));
                    final SharedLong progress = mp.sharedLong("progress-" + round, -1);
                    System.out.println("started");
                    for (int k = 0; ; k++) {
                        list.add(crashKey(round, k));
                        if (k % 5 == 4) {
                            list.remove(crashKey(round, k - 1));
                        }
                        progress.set(k);
                    }
                }
                case "dict-order": {
                    final SharedDict<String, Object> dict = mp.dict("ordered",
                        DictOptions.<String, Object>defaults().allowNullValues());
                    final int n = Integer.parseInt(args[2]);
                    for (int k = 0; k < n; k++) {
                        dict.put("k" + k, k);
                    }
                    dict.put("k5", "again");
                    dict.remove("k7");
                    dict.put("k7", 7);
                    dict.put("none", null);
                    break;
                }
                case "list-middle": {
                    final SharedList<String> list = mp.list("middle", ListOptions.of(Codecs.string()));
                    list.add(0, "front");
                    list.add(1, null);
                    list.remove(list.size() - 1);
                    list.add(list.size() / 2, "middle");
                    break;
                }
                case "list-crash-middle": {
                    final int round = Integer.parseInt(args[2]);
                    final SharedList<String> list = mp.list("crash",
                        ListOptions.of(Codecs.string()).segmentBytes(4096));
                    final SharedLong progress = mp.sharedLong("progress-" + round, -1);
                    System.out.println("started");
                    for (int k = 0; ; k++) {
                        list.add(0, crashKey(round, k));
                        if (k % 5 == 4) {
                            list.remove(1);
                        }
                        progress.set(k);
                    }
                }
                default:
                    throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }
}
