namespace Cairn.Tests.Support;

// Which document store the test apps use. scripts/test runs the suite twice: on PostgreSQL, then with
// CAIRN_TEST_STORAGE=Cosmos on the Cosmos DB test server (search stays on PostgreSQL + pgvector either way).
public static class StorageMode
{
    public static bool IsCosmos
    {
        get
        {
            StoragePass.ConfiguredStoreUsed("the configured document store (StorageMode)");
            return Environment.GetEnvironmentVariable("CAIRN_TEST_STORAGE") == "Cosmos";
        }
    }

    // The settings that put an app on Cosmos, one test-server database per test database; none on PostgreSQL.
    public static IReadOnlyDictionary<string, string?> Settings(string databaseName) => IsCosmos
        ? new Dictionary<string, string?>
        {
            ["Cairn:Storage:Provider"] = "Cosmos",
            ["Cairn:Cosmos:Endpoint"] = CosmosTestServer.Endpoint,
            ["Cairn:Cosmos:Key"] = CosmosTestServer.Key,
            ["Cairn:Cosmos:Database"] = databaseName,
        }
        : new Dictionary<string, string?>();

    // For tests that read PostgreSQL's documents table themselves, or need its expiry purge job (Cosmos DB expires
    // documents by TTL on its own): skipped, visibly, in the Cosmos run.
    public static void RequirePostgresDocuments()
    {
        if (IsCosmos)
        {
            Assert.Skip("Needs PostgreSQL's documents table (its raw rows or its expiry purge); the Cosmos run covers the behaviour through the API.");
        }
    }
}
