using System.Reflection;
using Cairn.Storage;

namespace Cairn.Tests.Infra;

// Containers.All is what Cosmos setup creates and what the Bicep must mirror, indexes included.
[Trait("Storage", "None")]
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
    public void TheBicepCreatesTheCompositeIndexEveryContainerSortsBy()
    {
        // In Azure the app's data-plane role cannot change an indexing policy: infra/modules/cosmos.bicep creates
        // each (/data/<field>, /pk, /id) composite index from the sortFields listed in infra/main.bicep.
        var inBicep = BicepDriftTests.BicepCosmosSortFields();

        foreach (var container in Containers.All)
        {
            Assert.True(inBicep.TryGetValue(container.Name, out var fields), $"infra/main.bicep lacks container {container.Name}");
            Assert.Equal(container.SortFields.Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
        }
    }
}
