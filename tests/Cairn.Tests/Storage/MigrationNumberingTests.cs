using Cairn.Storage.Postgres;

namespace Cairn.Tests.Storage;

// Branches each add "the next" migration; a merge must not leave two with one version.
[Trait("Storage", "None")]
public sealed class MigrationNumberingTests
{
    [Fact]
    public void EveryMigrationHasItsOwnVersionAndNoneIsSkipped()
    {
        var versions = PostgresMigrator.Embedded().Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
