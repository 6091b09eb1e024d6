using System.Text;

namespace Cairn.Search.AzureAISearch;

// Splits an upsert into requests within Azure's limits: 1,000 documents and 16 MB of JSON per request.
public static class AzureSearchBatches
{
    public const int MaxDocuments = 1000;

    // Half the request limit: the estimate below ignores JSON escaping, which can grow text several times.
    public const long MaxBytes = 8L * 1024 * 1024;

    public static IEnumerable<IReadOnlyList<AzureSearchRecord>> Split(IEnumerable<AzureSearchRecord> records)
    {
        var batch = new List<AzureSearchRecord>();
        long bytes = 0;
        foreach (var record in records)
        {
            var size = EstimatedBytes(record);
            if (batch.Count > 0 && (batch.Count == MaxDocuments || bytes + size > MaxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(record);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    // Text as UTF-8, a float as up to 16 characters of JSON, and room for the names and metadata.
    public static long EstimatedBytes(AzureSearchRecord record) =>
        1024L + record.Key.Length + Encoding.UTF8.GetByteCount(record.Id)
        + Encoding.UTF8.GetByteCount(record.Title) + Encoding.UTF8.GetByteCount(record.Content) + Encoding.UTF8.GetByteCount(record.Notes)
        + record.Tools.Sum(t => Encoding.UTF8.GetByteCount(t) + 4L) + (record.Vector?.Length ?? 0) * 16L;
}
