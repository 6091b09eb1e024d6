using System.Globalization;
using Npgsql;

namespace Cairn.Search.Postgres;

// The search adapter's own connection pool, with pgvector's settings fixed per connection: a statement Npgsql has
// prepared keeps its plan when a setting changes mid-session, and HNSW returns at most ef_search rows.
public sealed class SearchDataSource(NpgsqlDataSource inner) : IAsyncDisposable
{
    public NpgsqlDataSource Inner { get; } = inner;

    // ef_search covers the largest candidate list; iterative scans keep filtered HNSW searches from coming back short;
    // no JIT.
    public static SearchDataSource Create(string connectionString, SearchOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var efSearch = Math.Clamp(Math.Max(options.CandidatesPerArm, SearchFields.MaxLimit), 40, 1000);
        builder.Options = string.Join(' ', new[]
        {
            builder.Options,
            string.Create(CultureInfo.InvariantCulture, $"-c hnsw.ef_search={efSearch}"),
            "-c hnsw.iterative_scan=relaxed_order",
            // A search over many postings passes the planner's JIT cost threshold, and compiling took 30 ms of a 55 ms
            // query (docs/search.md, "Benchmark"); these statements never run long enough to win that back.
            "-c jit=off",
        }.Where(o => !string.IsNullOrWhiteSpace(o)));
        return new SearchDataSource(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
