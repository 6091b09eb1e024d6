using System.Net;
using System.Net.Http.Json;
using Cairn.Memory;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Memory;

// An observation is stored, then counted, and taken back when the count finds the session ended. A session that ends
// in between used to list the one being taken back and put it in its Z-report: a refused request's text was kept.
public sealed class EndRaceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TestDatabase _database = new();
    private CairnApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _app = new CairnApp(_database, services: ObserveEndInterleaving.Install);
        _app.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AnObservationRefusedBecauseTheSessionEndedIsNotInItsZReport()
    {
        var client = _app.Client((await _app.RegisterAsync()).Key);
        var session = await (await client.PostJsonAsync("/api/v1/memory/sessions", new { title = "Ending while observing" })).JsonAsync(HttpStatusCode.Created);
        var id = session.Str("id");
        await (await client.PostJsonAsync("/api/v1/memory/observe", new { session_id = id, content = "Counted before the end.", type = "tool_call", outcome = "success" }))
            .JsonAsync(HttpStatusCode.Created);
        var hook = _app.Services.GetRequiredService<ObserveEndInterleaving>();
        // Once the late observation is stored (not yet counted), the session ends; it goes on when the end has listed.
        hook.Arm(Guid.Parse(id), () => client.PutAsJsonAsync($"/api/v1/memory/sessions/{id}", new { status = "ended", outcome = "success" }));

        var late = await client.PostJsonAsync("/api/v1/memory/observe", new { session_id = id, content = "Refused because the session ended.", type = "tool_call", outcome = "success" });

        await late.ProblemAsync(HttpStatusCode.Conflict, "session_ended");
        var ended = await (await hook.End!.WaitAsync(Patience)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)ended["z_report"]!["observation_count"]!);
        Assert.DoesNotContain("Refused because", ended["z_report"]!.ToJsonString(), StringComparison.Ordinal);
    }
}

// The app's document store, holding one observation's writer and one session's end in a fixed order: the writer stores
// the observation, the end starts and lists the session's observations, the writer is refused and takes it back, and
// only then does the end's listing return.
public sealed class ObserveEndInterleaving(IDocumentStore inner) : IDocumentStore
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _listed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _takenBack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Guid? _sessionId;
    private Func<Task<HttpResponseMessage>>? _end;
    private string? _lateId;
    private int _listings;

    public Task<HttpResponseMessage>? End { get; private set; }

    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDocumentStore));
        services.Remove(original);
        services.AddSingleton(sp => new ObserveEndInterleaving((IDocumentStore)original.ImplementationFactory!(sp)));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<ObserveEndInterleaving>());
    }

    public void Arm(Guid sessionId, Func<Task<HttpResponseMessage>> end) => (_sessionId, _end) = (sessionId, end);

    public async Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken)
    {
        var created = await inner.CreateAsync(container, partitionKey, id, body, options, cancellationToken);
        if (body is MemoryItem item && item.SessionId == _sessionId && Interlocked.Exchange(ref _end, null) is { } end)
        {
            _lateId = id;
            End = end();
            await _listed.Task.WaitAsync(Patience, cancellationToken);
        }
        return created;
    }

    public async Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken)
    {
        var page = await inner.QueryAsync<T>(query, cancellationToken);
        if (_lateId is not null && query.Container == Containers.Memories
            && query.Filters.Any(f => f is EqualsFilter { Field: MemoryItem.Fields.SessionId } eq && Equals(eq.Value, _sessionId))
            && Interlocked.Increment(ref _listings) == 1)
        {
            _listed.SetResult();
            await _takenBack.Task.WaitAsync(Patience, cancellationToken);
        }
        return page;
    }

    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteAsync(container, partitionKey, id, ifMatch, cancellationToken);
        if (container == Containers.Memories && id == _lateId)
        {
            _takenBack.TrySetResult();
        }
        return deleted;
    }

    public Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.ReadAsync<T>(container, partitionKey, id, cancellationToken);

    public Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken) =>
        inner.ReadManyAsync<T>(container, keys, cancellationToken);

    public Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken) =>
        inner.ReplaceAsync(container, partitionKey, id, body, ifMatch, options, cancellationToken);

    public Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        inner.UpsertAsync(container, partitionKey, id, body, options, cancellationToken);

    public Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);
}
