using Microsoft.Extensions.Hosting;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Tests.Support;

// The real app on Kestrel (so body limits, forwarded headers and sockets behave as in production) over a test database.
// Settings and the clock can be replaced per app.
public sealed class CairnApp : WebApplicationFactory<Program>
{
    // The clipboard key every test app uses unless its settings say otherwise (32 bytes, base64).
    public const string TestClipboardKey = "Y2Fpcm4tdGVzdC1rZXktMzItYnl0ZXMtbG9uZy0hISE=";

    // The collective best-practice pool's HMAC key every test app uses unless its settings say otherwise (32 bytes,
    // base64).
    public const string TestCbpKey = "Y2Fpcm4tdGVzdC1jYnAta2V5LTMyLWJ5dGVzLWxvbmc=";

    private readonly string _connectionString;
    private readonly string _databaseName;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;

    // services: Replaces services after the app's own registrations (e.g. a client pointed at a stub).
    public CairnApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
        : this(database.ConnectionString, database.Name, settings, clock, services)
    {
    }

    private CairnApp(string connectionString, string databaseName, IReadOnlyDictionary<string, string?>? settings, TimeProvider? clock, Action<IServiceCollection>? services)
    {
        StoragePass.ConfiguredStoreUsed("a test app (CairnApp)");
        _connectionString = connectionString;
        _databaseName = databaseName;
        _settings = settings ?? new Dictionary<string, string?>();
        _clock = clock;
        _services = services;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A fixed test key ring; settings passed to this app are added after it, so a test can replace it.
            ["Cairn:Clipboard:EncryptionKeys"] = $"test={TestClipboardKey}",
            ["Cairn:Memory:CbpKey"] = TestCbpKey,
        }).AddInMemoryCollection(StorageMode.Settings(_databaseName)).AddInMemoryCollection(new Dictionary<string, string?>(_settings)
        {
            ["Cairn:Postgres:ConnectionString"] = _connectionString,
            ["Cairn:Jobs:SchedulerEnabled"] = "false",
        }));
        builder.ConfigureServices(CosmosTestServer.AdaptApp);
        if (_clock is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(_clock)));
        }
        if (SharedEmbedder.Applies(_settings))
        {
            // Only the concrete registration: the app's own IEmbeddingGenerator registration (and its telemetry wrapper) resolves it.
            // The shared instance ignores Dispose, so apps that stop leave it loaded.
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(SharedEmbedder.Instance)));
        }
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    private Exception? _startupError;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // App configuration from ConfigureWebHost reaches Program only at Build() (dotnet/aspnetcore#37680); host
        // configuration is there from the start, so settings Program reads while registering (exporters) apply too.
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(_settings));
        try
        {
            return base.CreateHost(builder);
        }
        catch (Exception exception)
        {
            _startupError = exception;
            throw;
        }
    }

    // Starts the app, expecting it to fail, and returns why. The factory sometimes reports a failed start as
    // ObjectDisposedException (its deferred host is disposed by the entry point while the factory still reads it): the
    // error the host itself threw is kept, and a start masked that way is tried again with a fresh factory.
    public Exception StartupFailure()
    {
        var error = StartExpectingFailure();
        for (var attempt = 1; attempt < 3 && error is ObjectDisposedException; attempt++)
        {
            using var fresh = new CairnApp(_connectionString, _databaseName, _settings, _clock, _services);
            error = fresh.StartExpectingFailure();
        }
        return error;
    }

    private Exception StartExpectingFailure()
    {
        try
        {
            StartServer();
        }
        catch (Exception exception)
        {
            var error = _startupError ?? exception;
            return error is AggregateException { InnerException: { } inner } ? inner : error;
        }
        throw new Xunit.Sdk.XunitException("The app started, but it was expected to refuse to.");
    }

    // A client that appears to come from its own address, so per-IP limits don't couple tests.
    public HttpClient Client(string? apiKey = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress.Unique());
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }
}
