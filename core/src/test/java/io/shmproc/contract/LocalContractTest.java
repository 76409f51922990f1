package io.shmproc.contract;

import io.shmproc.Shmproc;
import io.shmproc.testkit.CrossProcessSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * Every primitive's contract against the local backend: the owner's context and a second context attached to
 * its directory, as another process would.
 */
@CrossProcessSuite
class LocalContractTest {
    private static Shmproc owner;
    private static Shmproc attached;

    @BeforeAll
    static void open() {
        owner = Shmproc.open();
        attached = Shmproc.attach(owner.directory());
        ContractBase.register(LocalContractTest.class, owner, attached);
    }

    @AfterAll
    static void close() {
        attached.close();
        owner.close();
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
