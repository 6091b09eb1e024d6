namespace Cairn.Tests.Architecture;

public sealed class FolderDependencyTests
{
    [Fact]
    public void NoTopLevelSourceFolderDependsOnItselfThroughAnother()
    {
        var graph = FolderGraph.Build();
        TestContext.Current.TestOutputHelper?.WriteLine(graph.ToString());

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, $"Folders in a cycle: {string.Join("; ", cycles.Select(c => string.Join(" ↔ ", c)))}\n{string.Join('\n', graph.CycleEdges())}");
    }
}
