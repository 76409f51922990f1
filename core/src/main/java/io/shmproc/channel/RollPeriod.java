package io.shmproc.channel;

/**
 * How often a durable channel starts a new file (a <em>cycle</em>): retention deletes whole cycles, so a
 * shorter period frees disk sooner and costs one more file per period. Cycles are aligned to UTC.
 */
public enum RollPeriod {
    /** One file per second, for tests and demos only. */
    SECONDLY("TestRollCycles.TEST_SECONDLY"),
    /** One file per five minutes. */
    FIVE_MINUTELY("RollCycles.FIVE_MINUTELY"),
    /** One file per ten minutes. */
    TEN_MINUTELY("RollCycles.TEN_MINUTELY"),
    /** One file per half hour. */
    HALF_HOURLY("RollCycles.HALF_HOURLY"),
    /** One file per hour. */
    HOURLY("RollCycles.FAST_HOURLY"),
    /** One file per two hours. */
    TWO_HOURLY("RollCycles.TWO_HOURLY"),
    /** One file per four hours. */
    FOUR_HOURLY("RollCycles.FOUR_HOURLY"),
    /** One file per six hours. */
    SIX_HOURLY("RollCycles.SIX_HOURLY"),
    /** One file per day (Chronicle Queue's default). */
    DAILY("RollCycles.FAST_DAILY"),
    /** One file per week. */
    WEEKLY("RollCycles.WEEKLY");

    private final String chronicleName;

    RollPeriod(final String chronicleName) {
        this.chronicleName = chronicleName;
    }

    /**
     * The Chronicle Queue roll cycle this period maps to, as {@code Class.CONSTANT}.
     *
     * @return the roll cycle's name
     */
    public String chronicleName() {
        return chronicleName;
    }
}
