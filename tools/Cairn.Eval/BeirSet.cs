using System.Globalization;
using System.Text.Json;

namespace Cairn.Eval;

// A retrieval test set in BEIR layout: corpus.jsonl, queries.jsonl and qrels.tsv (with a header line).
internal sealed record BeirSet(string Name, IReadOnlyList<BeirDocument> Corpus, IReadOnlyList<BeirQuery> Queries, IReadOnlyDictionary<string, Dictionary<string, int>> Relevant)
{
    public static BeirSet Load(string directory)
    {
        var corpus = ReadJsonLines(Path.Combine(directory, "corpus.jsonl"))
            .Select(j => new BeirDocument(Id(j), Text(j, "title"), Text(j, "text")))
            .ToList();
        var relevant = ReadQrels(Path.Combine(directory, "qrels.tsv"));
        // As in BEIR, only judged queries count.
        var queries = ReadJsonLines(Path.Combine(directory, "queries.jsonl"))
            .Select(j => new BeirQuery(Id(j), Text(j, "text")))
            .Where(q => relevant.ContainsKey(q.Id))
            .ToList();
        return new BeirSet(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), corpus, queries, relevant);
    }

    private static IEnumerable<JsonElement> ReadJsonLines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return JsonDocument.Parse(line).RootElement;
            }
        }
    }

    // Ids are strings in BEIR, but some sets write them as numbers.
    private static string Id(JsonElement json) => json.GetProperty("_id") is { ValueKind: JsonValueKind.String } id ? id.GetString()! : json.GetProperty("_id").GetRawText();

    private static string Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    // query-id → (corpus-id → gain) for every judgment with a score above zero.
    private static Dictionary<string, Dictionary<string, int>> ReadQrels(string path)
    {
        var relevant = new Dictionary<string, Dictionary<string, int>>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length < 3 || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var score) || score <= 0)
            {
                continue;
            }
            if (!relevant.TryGetValue(fields[0], out var judged))
            {
                relevant[fields[0]] = judged = [];
            }
            judged[fields[1]] = score;
        }
        return relevant;
    }
}

internal sealed record BeirDocument(string Id, string Title, string Text);

internal sealed record BeirQuery(string Id, string Text);
