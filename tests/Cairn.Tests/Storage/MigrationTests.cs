using Cairn.Storage.Postgres;

namespace Cairn.Tests.Storage;

public sealed class MigrationTests
{
    [Fact]
    public void EveryEmbeddedMigrationHasItsOwnVersionInOrder()
    {
        var migrations = PostgresMigrator.Embedded();

        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
    }
}
