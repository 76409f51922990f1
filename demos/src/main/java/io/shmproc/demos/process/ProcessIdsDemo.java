package io.shmproc.demos.process;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;

/**
 * Python's guide example that shows the process ids involved: the main line and a child each print their
 * parent's pid and their own.
 *
 * <pre>
 * def info(title):
 *     print(title)
 *     print('module name:', __name__)
 *     print('parent process:', os.getppid())
 *     print('process id:', os.getpid())
 *
 * def f(name):
 *     info('function f')
 *     print('hello', name)
 *
 * if __name__ == '__main__':
 *     info('main line')
 *     p = Process(target=f, args=('bob',))
 *     p.start()
 *     p.join()
 * </pre>
 */
public final class ProcessIdsDemo {
    private ProcessIdsDemo() {
    }

    static void info(final String title) {
        System.out.println(title);
        System.out.println("process name: " + ShmProcess.current().name());
        System.out.println("parent process: " + ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
        System.out.println("process id: " + ShmProcess.current().pid());
    }

    static void f(final String name) {
        info("function f");
        System.out.println("hello " + name);
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        info("main line");
        try (Shmproc mp = Shmproc.open()) {
            final String name = "bob";
            final ShmProcess p = mp.process(() -> f(name)).start();
            p.join();
        }
    }
}
