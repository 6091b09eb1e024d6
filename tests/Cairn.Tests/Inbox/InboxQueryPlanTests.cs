using Cairn.Inbox;
using Cairn.Storage;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Inbox;

// The inbox's own queries, as the translator writes them, are planned on migration 0005's indexes (docs/pulse.md): a
// page is a backward index scan that stops at the limit and the unread count an index-only scan, however many events
// the inbox holds. Before 0005 both went through the shared GIN index and sorted or counted every event.
[Trait("Storage", "Own")]
public sealed class InboxQueryPlanTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BusyInbox = 4_000;
    private static readonly Guid Agent = Guid.NewGuid();
    private readonly TestDatabase _database = new();
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new PostgresMigrator(_dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
        // One busy inbox (every third event unread) among fifty quieter ones, beside as many documents of another container.
        await using var seed = _dataSource.CreateCommand($"""
            insert into documents (container, pk, id, body, etag, expires_at)
            select 'inbox', case when g <= {BusyInbox} then @agent else md5('agent' || g % 50)::uuid::text end, md5('event' || g)::uuid::text,
                jsonb_build_object('id', md5('event' || g)::uuid::text, 'kind', 'event', 'event_type', 'contribution_received',
                    'event_data', jsonb_build_object(), 'is_read', g % 3 <> 0,
                    'created_at', to_char(timestamp '2026-01-01' + g * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')),
                md5(g::text), now() + interval '30 days'
            from generate_series(1, 2 * {BusyInbox}) g
            union all
            select 'sessions', md5('session' || g)::uuid::text, 'session', jsonb_build_object('kind', 'session', 'created_at', '2026-01-01T00:00:00+00:00'),
                md5(g::text), null
            from generate_series(1, 2 * {BusyInbox}) g;
            """);
        seed.Parameters.AddWithValue("agent", Agent.ToString());
        await seed.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await using var vacuum = _dataSource.CreateCommand("vacuum analyze documents");
        await vacuum.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TheNewestPageIsReadBackwardsFromTheInboxIndexWithoutASort()
    {
        var plan = await ExplainAsync(PostgresQueryTranslator.Translate, InboxService.PageQuery(Agent, unreadOnly: false, 50, null));

        Assert.Contains(plan, line => line.Contains("Index Scan Backward using documents_inbox_newest", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALaterPageStartsAtItsCursorInTheSameIndex()
    {
        var store = new PostgresDocumentStore(_dataSource, TimeProvider.System);
        var first = await store.QueryAsync<InboxEvent>(InboxService.PageQuery(Agent, unreadOnly: false, 50, null), TestContext.Current.CancellationToken);

        var plan = await ExplainAsync(PostgresQueryTranslator.Translate, InboxService.PageQuery(Agent, unreadOnly: false, 50, first.ContinuationToken));

        Assert.Contains(plan, line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("ROW(", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreadOnlyPagesComeFromTheUnreadIndex()
    {
        var plan = await ExplainAsync(PostgresQueryTranslator.Translate, InboxService.PageQuery(Agent, unreadOnly: true, 50, null));

        Assert.Contains(plan, line => line.Contains("Index Scan Backward using documents_inbox_unread", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheUnreadCountIsAnIndexOnlyScanOfTheUnreadEntries()
    {
        var plan = await ExplainAsync(PostgresQueryTranslator.TranslateCount, InboxService.UnreadQuery(Agent));
        var count = await new PostgresDocumentStore(_dataSource, TimeProvider.System).CountAsync(InboxService.UnreadQuery(Agent), TestContext.Current.CancellationToken);

        Assert.Contains(plan, line => line.Contains("Index Only Scan using documents_inbox_unread", StringComparison.Ordinal));
        Assert.Equal(BusyInbox / 3, count);
    }

    private async Task<List<string>> ExplainAsync(Func<DocumentQuery, NpgsqlParameterCollection, string> translate, DocumentQuery query)
    {
        await using var command = _dataSource.CreateCommand();
        // Sent with its parameters, as the store sends it: PostgreSQL plans it with their values, so partial indexes match.
        command.CommandText = "explain (costs off) " + translate(query, command.Parameters);
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            plan.Add(reader.GetString(0));
        }
        output.WriteLine(string.Join('\n', plan));
        return plan;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
