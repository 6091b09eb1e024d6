[assembly: AssemblyFixture(typeof(Cairn.Tests.Support.AppFixture))]

namespace Cairn.Tests.Support;

/// <summary>One test database and one running app shared by the whole run; tests isolate themselves by registering their own agents.</summary>
public class AppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public CairnApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CairnApp(Database);
        App.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>An app on a database of its own, for a test class whose checks read or change everything stored (as a class fixture).</summary>
public sealed class PrivateAppFixture : AppFixture;
