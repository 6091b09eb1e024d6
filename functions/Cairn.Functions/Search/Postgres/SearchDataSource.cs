using System.Globalization;
using Npgsql;

namespace Cairn.Search.Postgres;

/// <summary>
/// The search adapter's own connection pool, with pgvector's settings fixed per connection: a statement Npgsql
/// has prepared keeps its plan when a setting changes mid-session, and HNSW returns at most ef_search rows.
/// </summary>
public sealed class SearchDataSource(NpgsqlDataSource inner) : IAsyncDisposable
{
    public NpgsqlDataSource Inner { get; } = inner;

    /// <summary>ef_search covers the largest candidate list; iterative scans keep filtered HNSW searches from coming back short.</summary>
    public static SearchDataSource Create(string connectionString, SearchOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var efSearch = Math.Clamp(Math.Max(options.CandidatesPerArm, SearchFields.MaxLimit), 40, 1000);
        builder.Options = string.Join(' ', new[]
        {
            builder.Options,
            string.Create(CultureInfo.InvariantCulture, $"-c hnsw.ef_search={efSearch}"),
            "-c hnsw.iterative_scan=relaxed_order",
        }.Where(o => !string.IsNullOrWhiteSpace(o)));
        return new SearchDataSource(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
