using System.Net;
using System.Text.Json;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Input.Fuzz;

// A database of its own with one agent and one of each thing the routes name (session, experience, engram, memory
// session, workspace, clipboard entries), so fuzzed requests reach real objects; and a snapshot of every stored
// document (container, partition, id, ETag), through the app's own document store, to prove a refused write changed
// nothing.
public sealed class FuzzWorld : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private FuzzWorld(TestDatabase database, CairnApp app)
    {
        _database = database;
        App = app;
    }

    public CairnApp App { get; }

    public HttpClient Client { get; private set; } = null!;

    public CountingDocumentStore Store => App.Services.GetRequiredService<CountingDocumentStore>();

    // Recall writes its accesses behind the response: wait for them, so they are not taken for the next request's.
    public Task SettledAsync() => App.Services.GetRequiredService<Cairn.Engrams.Access.AccessRecorder>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    // Route parameter name → a value naming a real object of the agent.
    public Dictionary<string, string> RouteValues { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<FuzzWorld> CreateAsync()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        var app = new CairnApp(database, services: CountingDocumentStore.Install);
        app.StartServer();
        var world = new FuzzWorld(database, app);
        await world.PopulateAsync();
        return world;
    }

    private async Task PopulateAsync()
    {
        var (agentId, key, _) = await App.RegisterAsync();
        Client = App.Client(key);
        RouteValues["agentId"] = agentId;

        var session = await CreateAsync("/api/v1/sessions", new { topic = "Fuzzing the API", domain = "testing", tools_used = new[] { "xunit" } });
        var sessionId = session["session"].Str("id");
        await CreateAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "update", content = new { text = "A first entry." } });
        RouteValues["sessionId"] = sessionId;

        var closed = await CreateAsync("/api/v1/sessions", new { topic = "A finished piece of work", domain = "testing" });
        var closedId = closed["session"].Str("id");
        await CreateAsync($"/api/v1/sessions/{closedId}/entries", new { entry_type = "breakthrough", content = new { insight = "Fuzz with a fixed seed.", detail = "So failures repeat." } });
        var experience = await (await Client.PostJsonAsync($"/api/v1/sessions/{closedId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        RouteValues["identifier"] = experience["experience"].Str("short_id");

        var engram = await CreateAsync("/api/v1/engrams", new { statement = "Fuzzed inputs must never give a 500.", scope = "global", type = "behavioral", status = "active" });
        RouteValues["id"] = engram["engram"].Str("id");
        RouteValues["version"] = "1";

        RouteValues["memorySessionId"] = (await CreateAsync("/api/v1/memory/sessions", new { title = "Fuzz memory" })).Str("id");
        await CreateAsync("/api/v1/memory/observe", new { session_id = RouteValues["memorySessionId"], content = "Observed while fuzzing.", type = "observation" });

        RouteValues["workspaceId"] = (await CreateAsync("/api/v1/workspaces", new { name = "Fuzz workspace" })).Str("id");
        await CreateAsync("/api/v1/clipboard", new { name = "fuzz", value = "clipboard value" });
        await CreateAsync("/api/v1/clipboard/push", new { value = "stacked value" });
        RouteValues["name"] = "fuzz";
    }

    private async Task<System.Text.Json.Nodes.JsonObject> CreateAsync(string path, object body) =>
        await (await Client.PostJsonAsync(path, body)).JsonAsync(HttpStatusCode.Created);

    public int Snapshots { get; private set; }

    public TimeSpan SnapshotTime { get; private set; }

    // Every stored document's address and ETag, in a stable order.
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var store = App.Services.GetRequiredService<IDocumentStore>();
        // Registration takes a place in its rate-limit window before it knows the outcome and gives it back when refused.
        var containers = Containers.All.Where(c => c.Name != Containers.RateLimits);
        var pages = await Task.WhenAll(containers.Select(async container =>
        {
            var found = new List<string>();
            string? cursor = null;
            do
            {
                var page = await store.QueryAsync<JsonElement>(new DocumentQuery(container.Name) { Limit = 1000, ContinuationToken = cursor }, CancellationToken.None);
                found.AddRange(page.Items.Select(d => $"{container.Name}/{d.PartitionKey}/{d.Id} {d.ETag}"));
                cursor = page.ContinuationToken;
            }
            while (cursor is not null);
            return found;
        }));
        var rows = pages.SelectMany(p => p).ToList();
        rows.Sort(StringComparer.Ordinal);
        Snapshots++;
        SnapshotTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}
