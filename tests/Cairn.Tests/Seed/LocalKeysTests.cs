using System.Diagnostics;
using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// scripts/run's local keys (scripts/lib/keys.sh): created once, kept private, and enough for every feature to answer.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalKeysTests
{
    [Fact]
    public async Task TheKeysScriptsRunCreatesTurnOnTheClipboardTheCollectivePoolAndTheAdminEndpoints()
    {
        var home = Directory.CreateTempSubdirectory("cairn-keys-");
        try
        {
            var first = await LocalKeysAsync(home.FullName);
            var second = await LocalKeysAsync(home.FullName);
            Assert.Equal(first, second); // created once, then reused: replacing them would orphan stored data
            foreach (var file in new[] { "clipboard.keys", "cbp.key", "admin.key" })
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home.FullName, file)));
            }

            await using var database = new TestDatabase();
            await database.InitializeAsync();
            var settings = new Dictionary<string, string?>
            {
                ["Cairn:Clipboard:EncryptionKeys"] = "",
                ["Cairn:Clipboard:KeyFile"] = first["Cairn__Clipboard__KeyFile"],
                ["Cairn:Memory:CbpKey"] = first["Cairn__Memory__CbpKey"],
                ["Cairn:Admin:ApiKey"] = first["Cairn__Admin__ApiKey"],
            };
            await using var app = new CairnApp(database, settings);
            var (_, key, _) = await app.RegisterAsync();
            var client = app.Client(key);

            await (await client.PostJsonAsync("/api/v1/memory/cbp/query", new { query = "rebase before merge" })).JsonAsync(HttpStatusCode.OK);
            await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "k", value = "v" })).JsonAsync(HttpStatusCode.Created);
            using var admin = app.Client();
            admin.DefaultRequestHeaders.Add("X-Admin-Key", first["Cairn__Admin__ApiKey"]);
            await (await admin.GetAsync("/api/v1/admin/jobs")).JsonAsync(HttpStatusCode.OK);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    // Runs cairn_local_keys with a clean environment and returns the Cairn settings it exported.
    private static async Task<Dictionary<string, string>> LocalKeysAsync(string home)
    {
        var script = Path.Combine(Package.RepoRoot(), "scripts", "lib", "keys.sh");
        var start = new ProcessStartInfo("bash", ["-c", $"source '{script}' && cairn_local_keys && env"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Cairn__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["CAIRN_HOME"] = home;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, errors);
        return output.Split('\n').Where(l => l.StartsWith("Cairn__", StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }
}
