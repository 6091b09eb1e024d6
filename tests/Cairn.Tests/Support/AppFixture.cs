[assembly: AssemblyFixture(typeof(Cairn.Tests.Support.AppFixture))]

namespace Cairn.Tests.Support;

// One test database and one running app shared by the whole run; tests isolate themselves by registering their own
// agents.
public class AppFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private CairnApp _app = null!;

    public TestDatabase Database
    {
        get
        {
            StoragePass.ConfiguredStoreUsed("the shared app's database");
            return _database;
        }
    }

    public CairnApp App
    {
        get
        {
            StoragePass.ConfiguredStoreUsed("the shared app");
            return _app;
        }
    }

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _app = new CairnApp(_database);
        _app.StartServer();
        // The app loads the model in the background once it listens; tests start only when it is ready, so the shared
        // app's health is "healthy" from the first test on, not "degraded" for whichever tests happen to run first.
        await SharedEmbedder.Instance.StartLoading();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}

// An app on a database of its own, for a test class whose checks read or change everything stored (as a class fixture).
public sealed class PrivateAppFixture : AppFixture;
