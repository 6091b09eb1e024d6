using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// One app of its own for every place of the corpus (a class fixture of each place's class): the first place to start
// opens it and the last to finish closes it, so places run side by side without a database and an app each.
public sealed class CorpusAppFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1);
    private static PrivateAppFixture? _shared;
    private static int _users;

    public CairnApp App => (_shared ?? throw new InvalidOperationException("The corpus app is not open.")).App;

    public async ValueTask InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_users == 0)
            {
                var app = new PrivateAppFixture();
                await app.InitializeAsync();
                _shared = app;
            }
            _users++;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_users == 0 && _shared is { } app)
            {
                _shared = null;
                await app.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
