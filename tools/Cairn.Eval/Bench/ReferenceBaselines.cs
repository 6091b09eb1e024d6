using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Npgsql;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Cairn.Eval.Bench;

/// <summary>
/// Reference rows for the keyword arm (issue 23), on the same documents and query texts as "keyword, no filter":
/// PostgreSQL's own full-text search and Lucene.NET's BM25 in process. Benchmark only, never a product code path.
/// Each answers one query text with its top 10 and returns the number of hits.
/// </summary>
internal static class ReferenceBaselines
{
    public const string FullTextName = "postgres full-text (ts_rank_cd, GIN)";
    public const string LuceneName = "lucene.net bm25 (in process)";
    private const int Limit = 10;
    private const int Batch = 1_000;

    /// <summary>
    /// A GIN index over to_tsvector of the three fields in a table of the benchmark database (kept with it, rebuilt when
    /// its count differs), queried with OR semantics and ranked by ts_rank_cd.
    /// </summary>
    public static async Task<Func<string, Task<int>>> FullTextAsync(string connectionString, int documents, int seed)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await Execute(connection, "create table if not exists bench_fulltext (doc int primary key, body tsvector not null)");
            await using var count = new NpgsqlCommand("select count(*) from bench_fulltext", connection);
            if ((long)(await count.ExecuteScalarAsync())! != documents)
            {
                var started = Stopwatch.GetTimestamp();
                await Execute(connection, "truncate bench_fulltext; drop index if exists bench_fulltext_body");
                var corpus = new AgentCorpus(seed);
                for (var first = 0; first < documents; first += Batch)
                {
                    var chunk = Enumerable.Range(first, Math.Min(Batch, documents - first)).Select(corpus.Document).ToList();
                    await using var insert = new NpgsqlCommand(
                        "insert into bench_fulltext select d, to_tsvector('english', t) from unnest(@docs, @texts) u(d, t)", connection);
                    insert.Parameters.AddWithValue("docs", Enumerable.Range(first, chunk.Count).ToArray());
                    insert.Parameters.AddWithValue("texts", chunk.Select(d => $"{d.Title}\n{d.Content}\n{d.Notes}").ToArray());
                    insert.CommandTimeout = 0;
                    await insert.ExecuteNonQueryAsync();
                }
                await Execute(connection, "create index bench_fulltext_body on bench_fulltext using gin (body); analyze bench_fulltext");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reference: postgres full-text index of {documents} documents built in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
            }
        }
        // plainto_tsquery joins the words with AND; OR semantics, as the keyword arm and Lucene's query below have.
        const string sql = """
            select doc, ts_rank_cd(body, q) as rank
            from bench_fulltext, cast(replace(plainto_tsquery('english', @text)::text, '&', '|') as tsquery) q
            where body @@ q order by rank desc, doc limit 10
            """;
        return async text =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("text", text);
            await using var reader = await command.ExecuteReaderAsync();
            var hits = 0;
            while (await reader.ReadAsync())
            {
                hits++;
            }
            return hits;
        };
    }

    /// <summary>
    /// Lucene.NET 4.8 in process: EnglishAnalyzer, BM25Similarity(1.2, 0.75), the three fields with the keyword arm's
    /// weights (notes 0.5), an OR query of every analysed word in every field, top 10.
    /// </summary>
    public static Func<string, Task<int>> Lucene(int documents, int seed, out IDisposable owner)
    {
        var started = Stopwatch.GetTimestamp();
        var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        var similarity = new BM25Similarity(1.2f, 0.75f);
        var path = Path.Combine(Path.GetTempPath(), $"cairn-bench-lucene-{Guid.NewGuid():N}");
        LuceneDirectory directory = FSDirectory.Open(new DirectoryInfo(path));
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { Similarity = similarity, RAMBufferSizeMB = 256 }))
        {
            var corpus = new AgentCorpus(seed);
            for (var n = 0; n < documents; n++)
            {
                var source = corpus.Document(n);
                writer.AddDocument(new Document
                {
                    new StringField("id", source.Id, Field.Store.YES),
                    new TextField("title", source.Title ?? "", Field.Store.NO),
                    new TextField("content", source.Content ?? "", Field.Store.NO),
                    new TextField("notes", source.Notes ?? "", Field.Store.NO),
                });
            }
            writer.Commit();
        }
        var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = similarity };
        var bytes = new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference: lucene.net index of {documents} documents built in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s, {bytes / 1_048_576} MB on disk ({(double)bytes / documents / 1024:F1} KB per document)"));
        owner = new Owner(reader, directory, analyzer, path);
        return text =>
        {
            var query = new BooleanQuery();
            foreach (var word in Analyse(analyzer, text))
            {
                query.Add(new TermQuery(new Term("title", word)), Occur.SHOULD);
                query.Add(new TermQuery(new Term("content", word)), Occur.SHOULD);
                query.Add(new TermQuery(new Term("notes", word)) { Boost = 0.5f }, Occur.SHOULD);
            }
            return Task.FromResult(searcher.Search(query, Limit).ScoreDocs.Length);
        };
    }

    // One clause per occurrence, as Lucene's query parser makes them (the keyword arm's qtf).
    private static List<string> Analyse(Analyzer analyzer, string text)
    {
        var words = new List<string>();
        using var stream = analyzer.GetTokenStream("content", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(term.ToString());
        }
        stream.End();
        return words;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Owner(DirectoryReader reader, LuceneDirectory directory, Analyzer analyzer, string path) : IDisposable
    {
        public void Dispose()
        {
            reader.Dispose();
            directory.Dispose();
            analyzer.Dispose();
            System.IO.Directory.Delete(path, recursive: true);
        }
    }
}
