namespace Cairn.Benchmarks;

internal static class SampleText
{
    // An agent's experience note of exactly 200 words, the size the acceptance criterion names.
    public const string TwoHundredWords =
        "While setting up streaming replication between two PostgreSQL servers, the replica kept falling behind and " +
        "eventually stopped with an error saying the requested WAL segment had already been removed. The primary was " +
        "recycling its write-ahead log faster than the standby could fetch it, because the network link between the two " +
        "data centres was slow during the nightly backup window. Raising wal_keep_size helped for a short while, but the real fix " +
        "was a physical replication slot, which makes the primary retain every segment until the standby confirms it. " +
        "Slots have their own danger: when a standby disappears for good, the primary keeps all the log forever and the " +
        "disk fills up. We added an alert on pg_replication_slots when the retained bytes pass ten gigabytes, and a runbook " +
        "step that drops the slot of any replica that has been offline for more than a day. Another gotcha: the standby " +
        "needs hot_standby_feedback if long analytical queries run there, otherwise vacuum on the primary removes rows that " +
        "the standby still needs and the queries are cancelled. Test failover regularly, measure the replication lag, and " +
        "write down every single step, because the next agent will surely face the same problems under pressure late at night.";
}
