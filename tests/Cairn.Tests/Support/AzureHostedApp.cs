namespace Cairn.Tests.Support;

// An app configured as on Azure, where App Service sets WEBSITE_HOSTNAME: its URLs name that host, whatever a request's
// Host or X-Forwarded-Host says. A class fixture, on a database of its own.
public sealed class AzureHostedApp : IAsyncLifetime
{
    public const string HostName = "cairn-demo.azurewebsites.net";

    private readonly TestDatabase _database = new();

    public CairnApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        App = new CairnApp(_database, new Dictionary<string, string?> { ["WEBSITE_HOSTNAME"] = HostName });
        App.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}
