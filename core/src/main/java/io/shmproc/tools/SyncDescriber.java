package io.shmproc.tools;

import io.shmproc.sync.SyncLayout;
import io.shmproc.sync.SyncType;
import io.shmproc.tools.RegionDescribers.PayloadReader;
import io.shmproc.tools.RegionDescribers.Report;
import java.io.IOException;

/**
 * Describer of SYNC files: the primitive, its lock's owner (through the directory's liveness table) and its
 * state words.
 */
final class SyncDescriber {
    private SyncDescriber() {
    }

    static Report read(final PayloadReader p, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        final int code = p.getInt(SyncLayout.TYPE_OFFSET);
        final SyncType type = SyncType.ofCode(code);
        if (type == null) {
            throw new IOException("unknown sync type " + code);
        }
        final int param = p.getInt(SyncLayout.PARAM_OFFSET);
        final long word = p.getLong(SyncLayout.LOCK_WORD_OFFSET);
        final long a = p.getLong(SyncLayout.STATE_A_OFFSET);
        final long b = p.getLong(SyncLayout.STATE_B_OFFSET);
        final long c = p.getLong(SyncLayout.STATE_C_OFFSET);
        report.field("type", type + " (" + code + ")").field("param", param);
        final String state;
        switch (type) {
            case LOCK, RLOCK, CONDITION -> {
                final String owner = lockState(word, liveness, type == SyncType.RLOCK
                    ? p.getLong(SyncLayout.HOLD_COUNT_OFFSET) : -1);
                state = word == 0 ? owner : "owner " + owner;
                report.field("lock word", String.format("0x%016x", word)).field("owner", owner);
                if (type == SyncType.RLOCK) {
                    report.field("hold count", p.getLong(SyncLayout.HOLD_COUNT_OFFSET));
                }
                if (type == SyncType.CONDITION) {
                    report.field("ticket sequence", p.getLong(SyncLayout.SEQUENCE_OFFSET));
                }
            }
            case SEMAPHORE, BOUNDED_SEMAPHORE -> {
                state = "permits " + a + (type == SyncType.BOUNDED_SEMAPHORE ? " of at most " + param : "");
                report.field("permits", a);
                if (type == SyncType.BOUNDED_SEMAPHORE) {
                    report.field("bound", param);
                }
            }
            case EVENT -> {
                state = a == 1 ? "set" : "clear";
                report.field("flag", a + " (" + state + ")");
            }
            case BARRIER -> {
                final boolean broken = c == a;
                state = "parties " + param + ", arrived " + b + (broken ? ", broken" : ", not broken");
                report.field("parties", param).field("generation", a).field("arrived", b)
                    .field("broken gen.", c + (broken ? " (broken)" : " (not broken)"));
            }
            default -> throw new IOException("unknown sync type " + type);
        }
        final int attach = p.getInt(SyncLayout.ATTACH_CAPACITY_OFFSET);
        report.field("waiter entries", p.getInt(SyncLayout.WAITER_CAPACITY_OFFSET)).field("attach entries", attach);
        for (int i = 0; i < Math.min(attach, SyncLayout.ATTACH_CAPACITY); i++) {
            final int token = p.getInt(SyncLayout.attachOffset(i));
            if (token != 0) {
                report.field("attached " + i, liveness.owner(token));
            }
        }
        return report.summary(type + ": " + state);
    }

    private static String lockState(final long word, final Liveness liveness, final long holdCount) {
        if (word == 0) {
            return "free";
        }
        final int token = (int) ((word & ~SyncLayout.OWNER_DIED_BIT) >>> 32);
        return liveness.owner(token) + ", thread " + (word & 0xFFFF_FFFFL)
            + (holdCount > 0 ? ", held " + holdCount + "x" : "")
            + ((word & SyncLayout.OWNER_DIED_BIT) != 0 ? ", took over from a dead owner" : "");
    }
}
