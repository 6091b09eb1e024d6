using System.Reflection;
using Cairn.Storage;

namespace Cairn.Tests.Infra;

/// <summary>Containers.All is what Cosmos setup creates and what the Bicep must mirror, indexes included.</summary>
public sealed class CosmosContainerDriftTests
{
    [Fact]
    public void ContainersAllListsEveryContainerNameOnce()
    {
        var names = typeof(Containers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(names, Containers.All.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NoContainerDeclaresSortFieldsUntilTheBicepCreatesTheirCompositeIndexes()
    {
        // In Azure the app's data-plane role cannot change an indexing policy: infra/modules/cosmos.bicep must carry
        // each (/data/<field>, /pk, /id) composite index. Add that there first, then let this test check it instead.
        var sorted = Containers.All.Where(c => c.SortFields.Count > 0).Select(c => c.Name).ToList();

        Assert.True(sorted.Count == 0, $"{string.Join(", ", sorted)} declare sort fields, but infra/modules/cosmos.bicep creates no composite indexes yet.");
    }
}
