package io.shmproc.contract;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.cluster.LocalCluster;
import io.shmproc.cluster.TestClusters;
import io.shmproc.testkit.CrossProcessSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * Every primitive's contract against the cluster backend, through the public API only: a one-member Aeron
 * Cluster in a child JVM, and two clients connected with {@link Shmproc#connect} (two sessions, as two processes
 * on two hosts would have).
 */
@CrossProcessSuite
class ClusterContractTest {
    private static LocalCluster cluster;
    private static Shmproc first;
    private static Shmproc second;

    @BeforeAll
    static void start() {
        cluster = TestClusters.start(1);
        first = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
        second = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
        ContractBase.register(ClusterContractTest.class, first, second);
    }

    @AfterAll
    static void stop() {
        try {
            if (second != null) {
                second.close();
            }
            if (first != null) {
                first.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Nested
    class Locks extends LockContract {
    }

    @Nested
    class RLocks extends RLockContract {
    }

    @Nested
    class Conditions extends ConditionContract {
    }

    @Nested
    class Semaphores extends SemaphoreContract {
    }

    @Nested
    class Events extends EventContract {
    }

    @Nested
    class Barriers extends BarrierContract {
    }

    @Nested
    class Queues extends QueueContract {
    }

    @Nested
    class JoinableQueues extends JoinableQueueContract {
    }

    @Nested
    class Dicts extends DictContract {
    }

    @Nested
    class Lists extends ListContract {
    }

    @Nested
    class Values extends ValueContract {
    }

    @Nested
    class Namespaces extends NamespaceContract {
    }
}
