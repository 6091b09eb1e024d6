using Cairn.Search.AzureAISearch;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed class AzureSearchBatchesTests
{
    [Fact]
    public void ManySmallDocumentsGoAThousandAtATime()
    {
        var batches = AzureSearchBatches.Split(Records(2_500, textLength: 10)).ToList();

        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Count));
    }

    [Fact]
    public void LargeDocumentsAreSplitByEstimatedSize()
    {
        var records = Records(300, textLength: 60_000).ToList();

        var batches = AzureSearchBatches.Split(records).ToList();

        Assert.All(batches, b => Assert.True(b.Sum(AzureSearchBatches.EstimatedBytes) <= AzureSearchBatches.MaxBytes));
        Assert.Equal(records, batches.SelectMany(b => b));
    }

    [Fact]
    public void NoDocumentsMeansNoRequest() => Assert.Empty(AzureSearchBatches.Split([]));

    private static IEnumerable<AzureSearchRecord> Records(int count, int textLength) =>
        Enumerable.Range(0, count).Select(i => new AzureSearchRecord
        {
            Key = AzureSearchKeys.Encode($"d{i}"),
            Id = $"d{i}",
            Kind = "experience",
            Visibility = "public",
            Content = new string('x', textLength),
            Vector = new float[64],
        });
}
