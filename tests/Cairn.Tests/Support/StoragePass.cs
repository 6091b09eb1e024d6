namespace Cairn.Tests.Support;

// scripts/test runs every test with documents in PostgreSQL, then again in the Cosmos DB test server
// (CAIRN_TEST_STORAGE=Cosmos), but the second pass only for tests that may use the store the run is configured with. By
// default a test is in both passes; a class or method leaves the second one with [Trait("Storage", "None")] (no
// document store: pure logic) or [Trait("Storage", "Own")] (it opens a store of its own choosing, such as a conformance
// suite, whatever the run's). The checks here fail such a test the moment it reaches the configured store, so a test
// that touches storage cannot leave the Cosmos pass by mistake.
public static class StoragePass
{
    public const string Trait = "Storage";

    public const string None = "None";

    public const string Own = "Own";

    // The store the run is configured with: the shared app, a test app, StorageMode.
    public static void ConfiguredStoreUsed(string what) => Refuse(what, None, Own);

    // A database or server of the test's own choosing (a throwaway PostgreSQL database, the Cosmos DB test server).
    public static void OwnStoreUsed(string what) => Refuse(what, None);

    private static void Refuse(string what, params string[] refused)
    {
        // Fixtures set up outside any test (the assembly's shared app) are checked when a test reaches them.
        if (TestContext.Current.Test is not { } test || !test.Traits.TryGetValue(Trait, out var values))
        {
            return;
        }
        var marked = values.FirstOrDefault(refused.Contains);
        if (marked is not null)
        {
            throw new Xunit.Sdk.XunitException(
                $"{test.TestDisplayName} is marked [Trait(\"{Trait}\", \"{marked}\")], so scripts/test does not run it with documents in Cosmos DB, " +
                $"but it uses {what}. Remove the trait (or mark it \"{Own}\" if it opens a store of its own) so it runs on both document stores.");
        }
    }
}
