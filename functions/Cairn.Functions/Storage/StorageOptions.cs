namespace Cairn.Storage;

public sealed class StorageOptions
{
    public const string Section = "Cairn:Storage";

    // Where documents live: the local PostgreSQL (default) or Azure Cosmos DB for NoSQL.
    public StorageProvider Provider { get; set; } = StorageProvider.Postgres;
}

public enum StorageProvider
{
    Postgres,
    Cosmos,
}
