using System.Net;
using Cairn.Engrams.Access;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Engrams;

// An app of its own, on its own database and a fake clock, for engram tests that move time or run jobs over every
// engram: they must not see (or change) the engrams of tests on the shared app. One per test class.
public sealed class EngramAppFixture : IAsyncLifetime
{
    public const string AdminKey = "engram-admin-key-0123456789abcdefghijklmnopqrstuv";

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    public FakeClock Clock { get; } = new(Start);

    public TestDatabase Database { get; } = new();

    public CairnApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CairnApp(Database, new Dictionary<string, string?> { ["Cairn:Admin:ApiKey"] = AdminKey }, Clock);
        App.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Task<EngramApi> AgentAsync() => EngramApi.RegisterAsync(App);

    // Waits until the recall accesses written behind the responses so far have been applied.
    public Task AccessesAppliedAsync() => App.Services.GetRequiredService<AccessRecorder>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    // Runs a job now through the admin endpoint and returns its run report.
    public async Task<System.Text.Json.Nodes.JsonObject> RunJobAsync(string name)
    {
        using var client = App.Client();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return await (await client.PostAsync($"/api/v1/admin/jobs/{name}/run", null)).JsonAsync(HttpStatusCode.OK);
    }
}
