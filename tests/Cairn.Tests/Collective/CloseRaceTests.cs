using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Collective;

// A close reads the session's entries to assemble its experience, and going public scans them. Requests that land just after that read (sent from
// inside it, and awaited, so the order is fixed) must either be refused or be part of what is published: the close
// used to leave acknowledged entries out, and to publish as public a session its owner had just made private.
public sealed class CloseRaceTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private CairnApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _app = new CairnApp(_database, services: EntryListingHook.Install);
        _app.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private const string Token = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";

    private EntryListingHook Hook => _app.Services.GetRequiredService<EntryListingHook>();

    private async Task<(HttpClient Client, string SessionId)> SessionAsync(string visibility)
    {
        var client = _app.Client((await _app.RegisterAsync()).Key);
        var session = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Closing while others write", visibility })).JsonAsync(HttpStatusCode.Created);
        var id = session["session"].Str("id");
        await (await client.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "note", content = new { text = "logged before the close" } }))
            .JsonAsync(HttpStatusCode.Created);
        return (client, id);
    }

    [Fact]
    public async Task AnEntryAcknowledgedWhileTheSessionClosesIsInTheExperienceOrRefused()
    {
        var (client, id) = await SessionAsync("private");
        HttpStatusCode late = 0;
        Hook.Arm(id, async () => late = (await client.PostJsonAsync($"/api/v1/sessions/{id}/entries",
            new { entry_type = "note", content = new { text = "logged while closing" } })).StatusCode);

        var closed = await (await client.PostJsonAsync($"/api/v1/sessions/{id}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);

        Assert.True(Hook.Fired);
        var notes = closed["experience"]!["notes"]!.AsArray().Select(n => n!.ToJsonString()).ToList();
        var session = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(session["entries"]!.AsArray().Count, notes.Count);
        Assert.Equal(late == HttpStatusCode.Created, notes.Any(n => n.Contains("logged while closing", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASessionMadePrivateWhileItClosesIsNotPublishedAsPublic()
    {
        var (client, id) = await SessionAsync("public");
        HttpStatusCode patched = 0;
        Hook.Arm(id, async () => patched = (await client.PatchAsJsonAsync($"/api/v1/sessions/{id}", new { visibility = "private" })).StatusCode);

        var closed = await (await client.PostJsonAsync($"/api/v1/sessions/{id}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);

        Assert.True(Hook.Fired);
        var session = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(session.Str("visibility"), closed["experience"].Str("visibility"));
        var seenByOthers = (await _app.Client().GetAsync($"/api/v1/experiences/{id}")).StatusCode;
        Assert.Equal(patched == HttpStatusCode.OK ? HttpStatusCode.NotFound : HttpStatusCode.OK, seenByOthers);
    }

    [Fact]
    public async Task ACloseThatStoppedBeforeItsExperienceWasStoredIsFinishedByTheNextClose()
    {
        var (client, id) = await SessionAsync("private");
        // The session as a close leaves it when the process dies before the experience is stored.
        await SetAsync(id, "status", "closed", "outcome", "success");

        var closed = await (await client.PostJsonAsync($"/api/v1/sessions/{id}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, closed["session"].Str("experience_id"));
        Assert.Single(closed["experience"]!["notes"]!.AsArray());
        await (await client.PostJsonAsync($"/api/v1/sessions/{id}/close", new { outcome = "success" })).ProblemAsync(HttpStatusCode.Conflict, "session_not_open");
    }

    [Fact]
    public async Task AnExperienceRefusedWhenAssembledLeavesTheSessionOpen()
    {
        var (client, id) = await SessionAsync("private");
        await (await client.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "note", content = new { text = $"token {Token}" } }))
            .JsonAsync(HttpStatusCode.Created);
        // Public without the scan a PATCH would run, so only the scan of the assembled experience can refuse it.
        await SetAsync(id, "visibility", "public");

        await (await client.PostJsonAsync($"/api/v1/sessions/{id}/close", new { outcome = "success" })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");

        var session = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("open", session.Str("status"));
        Assert.Null((string?)session["experience_id"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/experiences/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnEntryStillBeingStoredWhenItsSessionGoesPublicIsScannedOrKeepsItPrivate()
    {
        var (client, id) = await SessionAsync("private");
        HttpStatusCode patched = 0;
        // The entry has counted itself in the private session (no scan there); before its document is stored, the owner makes the session public.
        Hook.ArmBeforeEntryStored(id, async () => patched = (await client.PatchAsJsonAsync($"/api/v1/sessions/{id}", new { visibility = "public" })).StatusCode);

        await (await client.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "note", content = new { text = $"token {Token}" } }))
            .JsonAsync(HttpStatusCode.Created);

        Assert.NotEqual(HttpStatusCode.OK, patched);
        var other = _app.Client((await _app.RegisterAsync()).Key);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        await (await client.PatchAsJsonAsync($"/api/v1/sessions/{id}", new { visibility = "public" })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
    }

    private async Task SetAsync(string sessionId, params string[] fieldsAndValues)
    {
        var store = _app.Services.GetRequiredService<IDocumentStore>();
        var document = (await store.ReadAsync<JsonObject>(Containers.Sessions, sessionId, "session", CancellationToken.None))!;
        var body = document.Body.DeepClone().AsObject();
        for (var i = 0; i < fieldsAndValues.Length; i += 2)
        {
            body[fieldsAndValues[i]] = fieldsAndValues[i + 1];
        }
        await store.ReplaceAsync(Containers.Sessions, sessionId, "session", body, document.ETag, null, CancellationToken.None);
    }
}

// The app's document store, running an awaited action once, right after the app lists the entries of one session, or
// right before it stores an entry of one.
public sealed class EntryListingHook(IDocumentStore inner) : IDocumentStore
{
    private string? _sessionId;
    private Func<Task>? _action;
    private string? _storingSessionId;
    private Func<Task>? _beforeStored;

    public bool Fired { get; private set; }

    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDocumentStore));
        services.Remove(original);
        services.AddSingleton(sp => new EntryListingHook((IDocumentStore)original.ImplementationFactory!(sp)));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<EntryListingHook>());
    }

    public void Arm(string sessionId, Func<Task> action) => (_sessionId, _action) = (sessionId, action);

    public void ArmBeforeEntryStored(string sessionId, Func<Task> action) => (_storingSessionId, _beforeStored) = (sessionId, action);

    public async Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken)
    {
        var page = await inner.QueryAsync<T>(query, cancellationToken);
        if (query.Container == Containers.Sessions && query.PartitionKey == _sessionId
            && query.Filters.Any(f => f is EqualsFilter { Value: "entry" }) && Interlocked.Exchange(ref _action, null) is { } action)
        {
            Fired = true;
            await action();
        }
        return page;
    }

    public Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.ReadAsync<T>(container, partitionKey, id, cancellationToken);

    public Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken) =>
        inner.ReadManyAsync<T>(container, keys, cancellationToken);

    public async Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken)
    {
        if (container == Containers.Sessions && partitionKey == _storingSessionId && id.StartsWith("entry", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _beforeStored, null) is { } action)
        {
            await action();
        }
        return await inner.CreateAsync(container, partitionKey, id, body, options, cancellationToken);
    }

    public Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken) =>
        inner.ReplaceAsync(container, partitionKey, id, body, ifMatch, options, cancellationToken);

    public Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        inner.UpsertAsync(container, partitionKey, id, body, options, cancellationToken);

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken) =>
        inner.DeleteAsync(container, partitionKey, id, ifMatch, cancellationToken);

    public Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);
}
