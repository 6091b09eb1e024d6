using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// An app over a database of its own: for tests that run memory jobs (which work across every agent) or move a fake
// clock far ahead, so they neither touch nor see other tests' memories.
public sealed class IsolatedApp : IAsyncDisposable
{
    private IsolatedApp(TestDatabase database, CairnApp app)
    {
        Database = database;
        App = app;
    }

    public TestDatabase Database { get; }

    public CairnApp App { get; }

    public static async Task<IsolatedApp> StartAsync(Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        return new IsolatedApp(database, new CairnApp(database, settings ?? MemoryApi.Settings(), clock));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
